import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE checks (
      id uuid PRIMARY KEY,
      submitter text NOT NULL,
      reference text NOT NULL,
      assistance text NOT NULL,
      area_code text COLLATE "C" NOT NULL CHECK (area_code ~ '^[0-9]{12}$'),
      declared_on date NOT NULL,
      family jsonb NOT NULL,
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'complete', 'partial')),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      CONSTRAINT checks_submitter_reference_key UNIQUE (submitter, reference)
    )
  `.execute(db);
  await sql`CREATE INDEX checks_area_code_idx ON checks (area_code, id)`.execute(db);
  await sql`
    CREATE INDEX checks_unfinished_idx ON checks (submitted_at)
    WHERE status IN ('queued', 'running')
  `.execute(db);

  await sql`
    CREATE TABLE department_lookups (
      check_id uuid NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
      department text NOT NULL,
      state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'answered', 'unavailable')),
      attempts integer NOT NULL DEFAULT 0,
      started_at timestamptz,
      finished_at timestamptz,
      last_error text,
      PRIMARY KEY (check_id, department)
    )
  `.execute(db);

  await sql`
    CREATE TABLE department_answers (
      check_id uuid NOT NULL,
      department text NOT NULL,
      records jsonb NOT NULL,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (check_id, department),
      FOREIGN KEY (check_id, department)
        REFERENCES department_lookups (check_id, department) ON DELETE CASCADE
    )
  `.execute(db);
  await sql`CREATE INDEX department_answers_answered_at_idx ON department_answers (answered_at)`
    .execute(db);

  await sql`
    CREATE TABLE discrepancies (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      check_id uuid NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
      position integer NOT NULL,
      area_code text COLLATE "C" NOT NULL,
      item text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('mismatch', 'undeclared', 'not-found',
        'member-undeclared', 'member-not-registered', 'deceased', 'notice', 'unavailable')),
      member_id_number text,
      declared jsonb,
      found jsonb,
      department text NOT NULL,
      answered_at timestamptz,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT discrepancies_check_position_key UNIQUE (check_id, position)
    )
  `.execute(db);
  await sql`CREATE INDEX discrepancies_area_code_idx ON discrepancies (area_code, id)`.execute(db);
  await sql`CREATE INDEX discrepancies_area_item_idx ON discrepancies (item, area_code, id)`
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE discrepancies, department_answers, department_lookups, checks`.execute(db);
}
