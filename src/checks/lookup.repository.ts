import { type Kysely, sql } from 'kysely';

import type { Database, LookupRow } from '../db/schema.js';

export async function findLookupsByCheckId(
  db: Kysely<Database>,
  checkId: string,
): Promise<LookupRow[]> {
  return db
    .selectFrom('department_lookups')
    .selectAll()
    .where('check_id', '=', checkId)
    .orderBy('department')
    .execute();
}

/**
 * Counts an attempt at a lookup that is still open. Returns undefined when the
 * lookup already ended, so a job that runs twice asks the department once.
 */
export async function startLookup(
  db: Kysely<Database>,
  checkId: string,
  department: string,
): Promise<{ attempts: number } | undefined> {
  return db
    .updateTable('department_lookups')
    .set({
      state: 'running',
      attempts: sql<number>`attempts + 1`,
      started_at: sql<Date>`coalesce(started_at, now())`,
    })
    .where('check_id', '=', checkId)
    .where('department', '=', department)
    .where('state', 'in', ['pending', 'running'])
    .returning('attempts')
    .executeTakeFirst();
}

/** Stores the department's answer as it came, and closes the lookup. */
export async function recordAnswer(
  trx: Kysely<Database>,
  checkId: string,
  department: string,
  records: unknown,
): Promise<void> {
  await trx
    .insertInto('department_answers')
    .values({ check_id: checkId, department, records: JSON.stringify(records) })
    .onConflict((oc) => oc.columns(['check_id', 'department']).doNothing())
    .execute();
  await closeLookup(trx, checkId, department, 'answered', null);
}

/** The department gave up on this family: its items become unavailable. */
export async function recordUnavailable(
  trx: Kysely<Database>,
  checkId: string,
  department: string,
  reason: string,
): Promise<void> {
  await closeLookup(trx, checkId, department, 'unavailable', reason);
}

async function closeLookup(
  trx: Kysely<Database>,
  checkId: string,
  department: string,
  state: 'answered' | 'unavailable',
  reason: string | null,
): Promise<void> {
  await trx
    .updateTable('department_lookups')
    .set({ state, finished_at: sql<Date>`now()`, last_error: reason })
    .where('check_id', '=', checkId)
    .where('department', '=', department)
    .where('state', 'in', ['pending', 'running'])
    .execute();
}

/** Keeps the reason of a failed attempt that will be retried. */
export async function recordAttemptFailure(
  db: Kysely<Database>,
  checkId: string,
  department: string,
  reason: string,
): Promise<void> {
  await db
    .updateTable('department_lookups')
    .set({ last_error: reason })
    .where('check_id', '=', checkId)
    .where('department', '=', department)
    .execute();
}

export async function countOpenLookups(trx: Kysely<Database>, checkId: string): Promise<number> {
  const row = await trx
    .selectFrom('department_lookups')
    .select((eb) => eb.fn.countAll<string>().as('open'))
    .where('check_id', '=', checkId)
    .where('state', 'in', ['pending', 'running'])
    .executeTakeFirstOrThrow();
  return Number(row.open);
}

export interface LookupOutcome {
  department: string;
  state: LookupRow['state'];
  records: unknown;
  answeredAt: Date | null;
}

/** Every lookup of a check with the answer that closed it, if any. */
export async function findLookupOutcomes(
  trx: Kysely<Database>,
  checkId: string,
): Promise<LookupOutcome[]> {
  const rows = await trx
    .selectFrom('department_lookups as l')
    .leftJoin('department_answers as a', (join) =>
      join.onRef('a.check_id', '=', 'l.check_id').onRef('a.department', '=', 'l.department'),
    )
    .select(['l.department', 'l.state', 'l.finished_at', 'a.records', 'a.answered_at'])
    .where('l.check_id', '=', checkId)
    .execute();
  return rows.map((r) => ({
    department: r.department,
    state: r.state,
    records: r.records ?? null,
    answeredAt: r.answered_at ?? r.finished_at,
  }));
}

/** The departments whose lookups are still open, check by check. */
export async function findOpenLookupDepartmentsOf(
  db: Kysely<Database>,
  checkIds: readonly string[],
): Promise<Map<string, string[]>> {
  const open = new Map<string, string[]>();
  if (checkIds.length === 0) return open;
  const rows = await db
    .selectFrom('department_lookups')
    .select(['check_id', 'department'])
    .where('check_id', 'in', checkIds)
    .where('state', 'in', ['pending', 'running'])
    .execute();
  for (const r of rows) open.set(r.check_id, [...(open.get(r.check_id) ?? []), r.department]);
  return open;
}

/**
 * Opens a given-up lookup again, keeping its attempts. Returns false when
 * it was not `unavailable`, so asking again twice queues it once.
 */
export async function reopenUnavailableLookup(
  trx: Kysely<Database>,
  checkId: string,
  department: string,
): Promise<boolean> {
  const reopened = await trx
    .updateTable('department_lookups')
    .set({ state: 'pending', started_at: null, finished_at: null, last_error: null })
    .where('check_id', '=', checkId)
    .where('department', '=', department)
    .where('state', '=', 'unavailable')
    .returning('department')
    .executeTakeFirst();
  return reopened !== undefined;
}

/**
 * Opens ended lookups again and drops their answers, keeping their attempts:
 * for departments whose question depends on the answer of one asked again.
 */
export async function reopenEndedLookups(
  trx: Kysely<Database>,
  checkId: string,
  departments: readonly string[],
): Promise<void> {
  if (departments.length === 0) return;
  await trx
    .deleteFrom('department_answers')
    .where('check_id', '=', checkId)
    .where('department', 'in', departments)
    .execute();
  await trx
    .updateTable('department_lookups')
    .set({ state: 'pending', started_at: null, finished_at: null, last_error: null })
    .where('check_id', '=', checkId)
    .where('department', 'in', departments)
    .where('state', 'in', ['answered', 'unavailable'])
    .execute();
}
