import type { Kysely } from 'kysely';

import type { CheckRow, Database } from '../db/schema.js';
import type { DeclaredFamily } from '../domain/declared-family.js';

export interface NewCheck {
  id: string;
  submitter: string;
  family: DeclaredFamily;
}

/**
 * Stores a check and one pending lookup per department. A reference the
 * submitter already used returns the first check's id and stores nothing.
 */
export async function insertCheck(
  db: Kysely<Database>,
  check: NewCheck,
  departments: readonly string[],
): Promise<{ id: string; created: boolean; family?: unknown }> {
  const inserted = await db
    .insertInto('checks')
    .values({
      id: check.id,
      submitter: check.submitter,
      reference: check.family.reference,
      assistance: check.family.assistance,
      area_code: check.family.areaCode,
      declared_on: check.family.declaredOn,
      family: JSON.stringify(check.family),
    })
    .onConflict((oc) => oc.constraint('checks_submitter_reference_key').doNothing())
    .returning('id')
    .executeTakeFirst();

  if (!inserted) {
    const existing = await findCheckByReference(db, check.submitter, check.family.reference);
    return { id: existing.id, created: false, family: existing.family };
  }

  await db
    .insertInto('department_lookups')
    .values(departments.map((department) => ({ check_id: inserted.id, department })))
    .execute();
  return { id: inserted.id, created: true };
}

async function findCheckByReference(
  db: Kysely<Database>,
  submitter: string,
  reference: string,
): Promise<{ id: string; family: unknown }> {
  return db
    .selectFrom('checks')
    .select(['id', 'family'])
    .where('submitter', '=', submitter)
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

/**
 * Whose checks a caller may see: those whose area code starts with the
 * prefix and, for a submitting system, only those it submitted.
 */
export interface CheckScope {
  areaPrefix: string;
  submitter?: string;
}

/** A check by id; with a scope, one outside it is not found, exactly like a missing one. */
export async function findCheckById(
  db: Kysely<Database>,
  id: string,
  scope?: CheckScope,
): Promise<CheckRow | undefined> {
  let query = db.selectFrom('checks').selectAll().where('id', '=', id);
  if (scope) {
    // Area codes are digits in a "C"-collated column: '~' sorts after every digit.
    query = query
      .where('area_code', '>=', scope.areaPrefix)
      .where('area_code', '<', `${scope.areaPrefix}~`);
    if (scope.submitter !== undefined) query = query.where('submitter', '=', scope.submitter);
  }
  return query.executeTakeFirst();
}

/**
 * Takes the check's row lock for the rest of the transaction. Lookups that
 * finish at the same moment serialise here, so exactly one of them sees that
 * none is left open.
 */
export async function lockCheckById(
  trx: Kysely<Database>,
  id: string,
): Promise<Pick<CheckRow, 'id' | 'status' | 'area_code' | 'family'> | undefined> {
  return trx
    .selectFrom('checks')
    .select(['id', 'status', 'area_code', 'family'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface CheckKey {
  id: string;
  submittedAt: Date;
}

export interface UnfinishedCheck extends CheckKey {
  /** Came in a batch, rather than on its own. */
  fromBatch: boolean;
}

/** A page of unfinished checks submitted before `before`, oldest first. */
export async function findUnfinishedChecks(
  db: Kysely<Database>,
  page: { before: Date; after: CheckKey | null; limit: number },
): Promise<UnfinishedCheck[]> {
  let query = db
    .selectFrom('checks')
    .select(['id', 'submitted_at', 'batch_id'])
    .where('status', 'in', ['queued', 'running'])
    .where('submitted_at', '<', page.before)
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(page.limit);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('submitted_at', 'id'), '>', eb.tuple(after.submittedAt, after.id)),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    submittedAt: r.submitted_at,
    fromBatch: r.batch_id !== null,
  }));
}

/**
 * Removes a check's discrepancies. The merge writes a check's whole list in
 * one go, so a list it writes again (after a department is asked again)
 * starts from nothing rather than from positions taken by the last one.
 */
export async function deleteDiscrepanciesOfCheck(
  trx: Kysely<Database>,
  checkId: string,
): Promise<void> {
  await trx.deleteFrom('discrepancies').where('check_id', '=', checkId).execute();
}

/** A partial check goes back to running while a department is asked again. */
export async function reopenPartialCheck(trx: Kysely<Database>, id: string): Promise<void> {
  await trx
    .updateTable('checks')
    .set({ status: 'running', completed_at: null })
    .where('id', '=', id)
    .where('status', '=', 'partial')
    .execute();
}

/** A page of partial checks, in id order, whose lookup of `department` was given up on. */
export async function findPartialChecksMissingDepartment(
  db: Kysely<Database>,
  department: string,
  page: { afterId: string | null; limit: number },
): Promise<string[]> {
  let query = db
    .selectFrom('checks as c')
    .innerJoin('department_lookups as l', 'l.check_id', 'c.id')
    .select('c.id')
    .where('c.status', '=', 'partial')
    .where('l.department', '=', department)
    .where('l.state', '=', 'unavailable')
    .orderBy('c.id')
    .limit(page.limit);
  if (page.afterId !== null) query = query.where('c.id', '>', page.afterId);
  const rows = await query.execute();
  return rows.map((r) => r.id);
}
