import { type ExpressionBuilder, type Kysely, sql } from 'kysely';

import type { CheckStatus, Database, LookupRow } from '../db/schema.js';

/**
 * Statements over many checks at once, so that a lookup or merge job that
 * carries a group of checks makes a few round trips, not a few per check.
 */

/**
 * Counts an attempt at every lookup of the group still open, marks their
 * checks running, and returns the checks that had one; lookups already ended
 * are left as they are. One statement.
 */
export async function startLookups(
  db: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
): Promise<string[]> {
  if (checkIds.length === 0) return [];
  const rows = await db
    .with('started', (qb) => qb
      .updateTable('department_lookups')
      .set({
        state: 'running',
        attempts: sql<number>`attempts + 1`,
        started_at: sql<Date>`coalesce(started_at, now())`,
      })
      .where('check_id', 'in', checkIds)
      .where('department', '=', department)
      .where('state', 'in', ['pending', 'running'])
      .returning('check_id'))
    .with('running', (qb) => qb
      .updateTable('checks')
      .set({ status: 'running' })
      // Locked in id order, as every other writer of these rows locks them.
      .where('id', 'in', (sub) => sub
        .selectFrom('checks')
        .select('id')
        .where('id', 'in', (started) => started.selectFrom('started').select('check_id'))
        .where('status', '=', 'queued')
        .orderBy('id')
        .forUpdate())
      .returning('id'))
    .selectFrom('started')
    .select('check_id')
    .execute();
  return rows.map((r) => r.check_id);
}

/** The identity numbers of each check's declared members, read inside the database. */
export async function findMemberIdNumbers(
  db: Kysely<Database>,
  checkIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (checkIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('checks')
    .select([
      'id',
      sql<string[]>`array(select m->>'idNumber' from jsonb_array_elements(family->'members') m)`
        .as('members'),
    ])
    .where('id', 'in', checkIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.members]));
}

export interface LookupEnd {
  state: LookupRow['state'];
  records: unknown;
}

/** How one department's lookups of the group stand, with the answers that closed them. */
export async function findLookupEnds(
  db: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
): Promise<Map<string, LookupEnd>> {
  if (checkIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('department_lookups as l')
    .leftJoin('department_answers as a', (join) =>
      join.onRef('a.check_id', '=', 'l.check_id').onRef('a.department', '=', 'l.department'),
    )
    .select(['l.check_id', 'l.state', 'a.records'])
    .where('l.check_id', 'in', checkIds)
    .where('l.department', '=', department)
    .execute();
  return new Map(rows.map((r) => [r.check_id, { state: r.state, records: r.records ?? null }]));
}

/**
 * Takes the row locks of the group's checks, in id order so that two jobs
 * holding overlapping groups never wait on each other in a cycle.
 */
export async function lockChecksByIds(
  trx: Kysely<Database>,
  checkIds: readonly string[],
): Promise<Array<{ id: string; status: CheckStatus; area_code: string; family: unknown }>> {
  if (checkIds.length === 0) return [];
  return trx
    .selectFrom('checks')
    .select(['id', 'status', 'area_code', 'family'])
    .where('id', 'in', checkIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Takes the same row locks as `lockChecksByIds`, reading nothing of the checks. */
export async function lockChecks(
  trx: Kysely<Database>,
  checkIds: readonly string[],
): Promise<void> {
  if (checkIds.length === 0) return;
  await trx
    .selectFrom('checks')
    .select('id')
    .where('id', 'in', checkIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Stores the answers as they came, one statement, and closes those lookups.
 * An answer given ahead about the declared members alone is replaced; an
 * answer of a lookup that already ended is kept.
 */
export async function recordAnswers(
  trx: Kysely<Database>,
  department: string,
  answers: ReadonlyArray<{ checkId: string; records: unknown }>,
): Promise<void> {
  if (answers.length === 0) return;
  await trx
    .insertInto('department_answers')
    // In check order, as every writer of these rows, so two never wait on each other in a cycle.
    .values([...answers].sort((a, b) => (a.checkId < b.checkId ? -1 : 1)).map((a) => ({
      check_id: a.checkId,
      department,
      records: JSON.stringify(a.records),
    })))
    .onConflict((oc) => oc
      .columns(['check_id', 'department'])
      .doUpdateSet({
        records: (eb) => eb.ref('excluded.records'),
        answered_at: (eb) => eb.ref('excluded.answered_at'),
      })
      .where(ownLookupOpen))
    .execute();
  await closeLookups(trx, answers.map((a) => a.checkId), department, 'answered', null);
}

/**
 * Stores answers about the declared members while the lookup stays open,
 * counted as an attempt: kept for when the department it also waits for has
 * ended, and used then if that one named nobody else. Lookups that ended
 * meanwhile are left as they are; the open ones are locked and looked at
 * again after any wait, so one ending at the same time is seen. One
 * statement.
 */
export async function recordAnswersAhead(
  db: Kysely<Database>,
  department: string,
  answers: ReadonlyArray<{ checkId: string; records: unknown }>,
): Promise<void> {
  if (answers.length === 0) return;
  const ids = answers.map((a) => a.checkId);
  const records = answers.map((a) => JSON.stringify(a.records));
  await sql`
    WITH still_open AS (
      UPDATE department_lookups
      SET attempts = attempts + 1, started_at = coalesce(started_at, now())
      WHERE check_id = ANY (${ids}::uuid[])
        AND department = ${department}
        AND state IN ('pending', 'running')
      RETURNING check_id)
    INSERT INTO department_answers (check_id, department, records)
    SELECT v.check_id, ${department}, v.records
    FROM unnest(${ids}::uuid[], ${records}::jsonb[]) AS v (check_id, records)
    WHERE v.check_id IN (SELECT check_id FROM still_open)
    ORDER BY v.check_id
    ON CONFLICT (check_id, department) DO NOTHING
  `.execute(db);
}

/** Answers stored ahead for lookups of the group still open, by check. */
export async function findAnswersAhead(
  db: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
): Promise<Map<string, unknown>> {
  const ends = await findLookupEnds(db, checkIds, department);
  return new Map([...ends]
    .filter(([, end]) => (end.state === 'pending' || end.state === 'running') && end.records)
    .map(([checkId, end]) => [checkId, end.records]));
}

/** Closes lookups whose answer is already stored, given ahead. */
export async function closeAnsweredAhead(
  trx: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
): Promise<void> {
  await closeLookups(trx, checkIds, department, 'answered', null);
}

/**
 * The department was given up on for these checks: their items become
 * unavailable, and an answer given ahead is dropped with them.
 */
export async function recordUnavailableMany(
  trx: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
  reason: string,
): Promise<void> {
  if (checkIds.length === 0) return;
  await trx
    .deleteFrom('department_answers')
    .where('check_id', 'in', checkIds)
    .where('department', '=', department)
    .where((eb) => eb.exists(eb.selectFrom('department_lookups as l')
      .select('l.check_id')
      .whereRef('l.check_id', '=', 'department_answers.check_id')
      .whereRef('l.department', '=', 'department_answers.department')
      .where('l.state', 'in', ['pending', 'running'])))
    .execute();
  await closeLookups(trx, checkIds, department, 'unavailable', reason);
}

/** Of an answer row, whether its own lookup is still open: only then may the answer change. */
function ownLookupOpen(eb: ExpressionBuilder<Database, 'department_answers'>) {
  return eb.exists(eb.selectFrom('department_lookups as l')
    .select('l.check_id')
    .whereRef('l.check_id', '=', 'department_answers.check_id')
    .whereRef('l.department', '=', 'department_answers.department')
    .where('l.state', 'in', ['pending', 'running']));
}

async function closeLookups(
  trx: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
  state: 'answered' | 'unavailable',
  reason: string | null,
): Promise<void> {
  if (checkIds.length === 0) return;
  await trx
    .updateTable('department_lookups')
    // Never before its start: a lookup asked ahead may be closed by a transaction begun earlier.
    .set({ state, finished_at: sql<Date>`greatest(now(), started_at)`, last_error: reason })
    .where('check_id', 'in', checkIds)
    .where('department', '=', department)
    .where('state', 'in', ['pending', 'running'])
    .execute();
}

/** Of the group, the checks with no lookup left open: ready to merge. */
export async function findChecksWithNoOpenLookup(
  trx: Kysely<Database>,
  checkIds: readonly string[],
): Promise<string[]> {
  if (checkIds.length === 0) return [];
  const open = await trx
    .selectFrom('department_lookups')
    .select('check_id')
    .distinct()
    .where('check_id', 'in', checkIds)
    .where('state', 'in', ['pending', 'running'])
    .execute();
  const stillOpen = new Set(open.map((r) => r.check_id));
  return checkIds.filter((id) => !stillOpen.has(id));
}

/** Keeps the reason of a failed attempt that will be retried, on every lookup of the group. */
export async function recordAttemptFailures(
  db: Kysely<Database>,
  checkIds: readonly string[],
  department: string,
  reason: string,
): Promise<void> {
  if (checkIds.length === 0) return;
  await db
    .updateTable('department_lookups')
    .set({ last_error: reason })
    .where('check_id', 'in', checkIds)
    .where('department', '=', department)
    .execute();
}

export interface GroupLookupOutcome {
  checkId: string;
  department: string;
  state: LookupRow['state'];
  records: unknown;
  answeredAt: Date | null;
}

/** Every lookup of the group's checks with the answer that closed it, if any. */
export async function findLookupOutcomesOfChecks(
  trx: Kysely<Database>,
  checkIds: readonly string[],
): Promise<Map<string, GroupLookupOutcome[]>> {
  const byCheck = new Map<string, GroupLookupOutcome[]>();
  if (checkIds.length === 0) return byCheck;
  const rows = await trx
    .selectFrom('department_lookups as l')
    .leftJoin('department_answers as a', (join) =>
      join.onRef('a.check_id', '=', 'l.check_id').onRef('a.department', '=', 'l.department'),
    )
    .select([
      'l.check_id',
      'l.department',
      'l.state',
      'l.finished_at',
      'a.records',
      'a.answered_at',
    ])
    .where('l.check_id', 'in', checkIds)
    .execute();
  for (const r of rows) {
    const outcome = {
      checkId: r.check_id,
      department: r.department,
      state: r.state,
      records: r.records ?? null,
      answeredAt: r.answered_at ?? r.finished_at,
    };
    byCheck.set(r.check_id, [...(byCheck.get(r.check_id) ?? []), outcome]);
  }
  return byCheck;
}

export async function deleteDiscrepanciesOfChecks(
  trx: Kysely<Database>,
  checkIds: readonly string[],
): Promise<void> {
  if (checkIds.length === 0) return;
  await trx.deleteFrom('discrepancies').where('check_id', 'in', checkIds).execute();
}

/** Finishes the merged checks of a group: two statements, whatever its size. */
export async function completeChecks(
  trx: Kysely<Database>,
  statuses: ReadonlyMap<string, 'complete' | 'partial'>,
): Promise<void> {
  for (const status of ['complete', 'partial'] as const) {
    const ids = [...statuses].filter(([, s]) => s === status).map(([id]) => id);
    if (ids.length === 0) continue;
    await trx
      .updateTable('checks')
      .set({ status, completed_at: sql<Date>`now()` })
      .where('id', 'in', ids)
      .execute();
  }
}
