import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/schema.js';

/** Declared names by identity number, per check. */
export type MemberNames = Map<string, Map<string, string>>;

/**
 * The declared names of the members of some checks, read from the stored
 * families. Lists look names up here when they are shown rather than copying
 * them into every discrepancy: the family stays the one place a name is kept,
 * and the merger, which writes discrepancies, never handles names at all.
 */
export async function findMemberNamesByCheckIds(
  db: Kysely<Database>,
  checkIds: readonly string[],
): Promise<MemberNames> {
  const names: MemberNames = new Map();
  if (checkIds.length === 0) return names;

  const rows = await db
    .selectFrom(['checks as c', sql<{ value: unknown }>`jsonb_array_elements(
      CASE WHEN jsonb_typeof(c.family -> 'members') = 'array'
        THEN c.family -> 'members' ELSE '[]'::jsonb END)`.as('m')])
    .select([
      'c.id',
      sql<string | null>`m.value ->> 'idNumber'`.as('id_number'),
      sql<string | null>`m.value ->> 'name'`.as('name'),
    ])
    .where('c.id', 'in', [...new Set(checkIds)])
    .execute();

  for (const row of rows) {
    if (!row.id_number || !row.name) continue;
    const perCheck = names.get(row.id) ?? new Map<string, string>();
    perCheck.set(row.id_number, row.name);
    names.set(row.id, perCheck);
  }
  return names;
}
