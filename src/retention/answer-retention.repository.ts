import { type Kysely, sql } from 'kysely';

import type { Database } from '../db/schema.js';

/**
 * Deletes the raw department answers of checks that finished more than
 * `retentionDays` ago and returns how many went. Answers of a check still
 * queued or running are never touched: the merger reads them. Discrepancies
 * and the audit trail are kept.
 */
export async function deleteExpiredAnswers(
  db: Kysely<Database>,
  retentionDays: number,
): Promise<number> {
  const result = await db
    .deleteFrom('department_answers')
    .where('check_id', 'in', (eb) =>
      eb
        .selectFrom('checks')
        .select('id')
        .where('status', 'in', ['complete', 'partial'])
        .where('completed_at', '<', sql<Date>`now() - make_interval(days => ${retentionDays})`),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
