import type { Kysely } from 'kysely';

import type { Database, DiscrepancyRow, NewDiscrepancyRow } from '../db/schema.js';

/** Rows a single INSERT carries; keeps statements well under PostgreSQL's parameter limit. */
const ROWS_PER_STATEMENT = 1000;

export async function insertDiscrepancies(
  trx: Kysely<Database>,
  rows: readonly NewDiscrepancyRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    // The (check, position) key makes a repeated merge write nothing new.
    await trx
      .insertInto('discrepancies')
      .values(chunk)
      .onConflict((oc) => oc.constraint('discrepancies_check_position_key').doNothing())
      .execute();
  }
}

export async function findDiscrepanciesByCheckId(
  db: Kysely<Database>,
  checkId: string,
  page: { afterId: string | null; limit: number },
): Promise<DiscrepancyRow[]> {
  let query = db
    .selectFrom('discrepancies')
    .selectAll()
    .where('check_id', '=', checkId)
    .orderBy('id')
    .limit(page.limit);
  if (page.afterId !== null) query = query.where('id', '>', page.afterId);
  return query.execute();
}

export interface AreaFilter {
  /** Code of any length; every family whose code starts with it is in scope. */
  areaPrefix: string;
  item?: string | undefined;
  kind?: string | undefined;
}

export interface AreaCursor {
  areaCode: string;
  id: string;
}

/**
 * A page of an area's discrepancies, in (area code, id) order so the
 * `(area_code, id)` index serves both the prefix and the keyset.
 */
export async function findDiscrepanciesByArea(
  db: Kysely<Database>,
  filter: AreaFilter,
  page: { after: AreaCursor | null; limit: number },
): Promise<DiscrepancyRow[]> {
  // Area codes are digits in a "C"-collated column: '~' sorts after every digit,
  // so [prefix, prefix~) is exactly the codes that start with prefix.
  let query = db
    .selectFrom('discrepancies')
    .selectAll()
    .where('area_code', '>=', filter.areaPrefix)
    .where('area_code', '<', `${filter.areaPrefix}~`)
    .orderBy('area_code')
    .orderBy('id')
    .limit(page.limit);

  if (filter.item) query = query.where('item', '=', filter.item);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('area_code', 'id'), '>', eb.tuple(after.areaCode, after.id)),
    );
  }
  return query.execute();
}
