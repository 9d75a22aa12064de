import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/schema.js';

export interface CountyItemCount {
  county: string;
  item: string;
  kind: string;
  count: number;
}

/** Discrepancies of one submitter's checks, counted per county, item and kind. */
export async function countDiscrepanciesByCounty(
  db: Kysely<Database>,
  submitter: string,
): Promise<CountyItemCount[]> {
  const rows = await db
    .selectFrom('discrepancies as d')
    .innerJoin('checks as c', 'c.id', 'd.check_id')
    .select([
      sql<string>`substr(d.area_code, 1, 6)`.as('county'),
      'd.item',
      'd.kind',
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .where('c.submitter', '=', submitter)
    .groupBy([sql`substr(d.area_code, 1, 6)`, 'd.item', 'd.kind'])
    .orderBy('county')
    .orderBy('d.item')
    .orderBy('d.kind')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Checks of one submitter by status. */
export async function countChecksByStatus(
  db: Kysely<Database>,
  submitter: string,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('checks')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('submitter', '=', submitter)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

/** (reference, member, item, kind) of every discrepancy found for one submitter's checks. */
export async function findDiscrepancyKeys(
  db: Kysely<Database>,
  submitter: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('discrepancies as d')
    .innerJoin('checks as c', 'c.id', 'd.check_id')
    .select(['c.reference', 'd.member_id_number', 'd.item', 'd.kind'])
    .where('c.submitter', '=', submitter)
    .execute();
  return new Set(
    rows.map((r) => discrepancyKey(r.reference, r.member_id_number, r.item, r.kind)),
  );
}

export function discrepancyKey(
  reference: string,
  member: string | null,
  item: string,
  kind: string,
): string {
  return `${reference}/${member ?? '-'}/${item}/${kind}`;
}
