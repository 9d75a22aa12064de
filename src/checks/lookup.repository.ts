import type { Kysely } from 'kysely';

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

export interface LookupOutcome {
  department: string;
  state: LookupRow['state'];
  records: unknown;
  answeredAt: Date | null;
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
