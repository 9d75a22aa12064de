import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('submitter', 'caseworker', 'operator')),
      area_code text COLLATE "C" NOT NULL
        CHECK (area_code = 'CN' OR area_code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )
  `.execute(db);

  await sql`
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      token_id uuid,
      actor text NOT NULL,
      role text NOT NULL,
      action text NOT NULL,
      target text,
      area_code text COLLATE "C",
      request_id text
    )
  `.execute(db);
  await sql`CREATE INDEX audit_events_at_idx ON audit_events (at)`.execute(db);
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor, at)`.execute(db);
  await sql`CREATE INDEX audit_events_area_idx ON audit_events (area_code, at)`.execute(db);

  // The trail is append-only: no statement of the application may change or
  // remove what it recorded.
  await sql`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_events, api_tokens`.execute(db);
  await sql`DROP FUNCTION audit_events_append_only()`.execute(db);
}
