import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE batches (
      id uuid PRIMARY KEY,
      submitter text NOT NULL,
      area_code text COLLATE "C" NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      lines integer NOT NULL DEFAULT 0,
      accepted integer NOT NULL DEFAULT 0,
      repeated integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'receiving'
        CHECK (status IN ('receiving', 'queued', 'interrupted'))
    )
  `.execute(db);
  await sql`CREATE INDEX batches_submitter_idx ON batches (submitter, created_at)`.execute(db);

  await sql`
    CREATE TABLE batch_rejections (
      batch_id uuid NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
      line integer NOT NULL,
      problems jsonb NOT NULL,
      PRIMARY KEY (batch_id, line)
    )
  `.execute(db);

  await sql`ALTER TABLE checks ADD COLUMN batch_id uuid REFERENCES batches (id)`.execute(db);
  // Progress of a batch is counted by status; single submissions stay out of the index.
  await sql`
    CREATE INDEX checks_batch_status_idx ON checks (batch_id, status)
    WHERE batch_id IS NOT NULL
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE checks DROP COLUMN batch_id`.execute(db);
  await sql`DROP TABLE batch_rejections, batches`.execute(db);
}
