import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.js';
import type { DeclaredFamily } from '../domain/declared-family.js';

export interface NewBatchCheck {
  id: string;
  family: DeclaredFamily;
}

/**
 * Stores a slice of a batch's checks in one statement, and one pending lookup
 * per department for each check it made. A reference the submitter already
 * used is skipped by the same unique key as a single submission; the
 * references returned are those stored now.
 */
export async function insertBatchChecks(
  trx: Kysely<Database>,
  batch: { id: string; submitter: string },
  checks: readonly NewBatchCheck[],
  departments: readonly string[],
): Promise<Map<string, string>> {
  if (checks.length === 0) return new Map();
  const inserted = await trx
    .insertInto('checks')
    .values(checks.map((check) => ({
      id: check.id,
      submitter: batch.submitter,
      reference: check.family.reference,
      assistance: check.family.assistance,
      area_code: check.family.areaCode,
      declared_on: check.family.declaredOn,
      family: JSON.stringify(check.family),
      batch_id: batch.id,
    })))
    .onConflict((oc) => oc.constraint('checks_submitter_reference_key').doNothing())
    .returning(['id', 'reference'])
    .execute();

  if (inserted.length > 0) {
    const lookups = inserted.flatMap((row) =>
      departments.map((department) => ({ check_id: row.id, department })),
    );
    await trx.insertInto('department_lookups').values(lookups).execute();
  }
  return new Map(inserted.map((row) => [row.reference, row.id]));
}

/** The stored declarations of a submitter's references, to tell a repeat from a reuse. */
export async function findFamiliesByReferences(
  trx: Kysely<Database>,
  submitter: string,
  references: readonly string[],
): Promise<Map<string, unknown>> {
  if (references.length === 0) return new Map();
  const rows = await trx
    .selectFrom('checks')
    .select(['reference', 'family'])
    .where('submitter', '=', submitter)
    .where('reference', 'in', references)
    .execute();
  return new Map(rows.map((row) => [row.reference, row.family]));
}
