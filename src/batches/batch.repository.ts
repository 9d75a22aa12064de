import { type Kysely, sql } from 'kysely';

import type { Problem } from '../api/errors.js';
import type { BatchRow, BatchStatus, CheckStatus, Database } from '../db/schema.js';

export interface BatchCounts {
  lines: number;
  accepted: number;
  repeated: number;
  rejected: number;
}

export interface BatchRejection {
  line: number;
  problems: Problem[];
}

export async function insertBatch(
  db: Kysely<Database>,
  batch: { id: string; submitter: string; area: string },
): Promise<void> {
  await db
    .insertInto('batches')
    .values({ id: batch.id, submitter: batch.submitter, area_code: batch.area })
    .execute();
}

/** Adds a slice's counts, in the transaction that stores the slice. */
export async function addBatchCounts(
  trx: Kysely<Database>,
  id: string,
  counts: BatchCounts,
): Promise<void> {
  await trx
    .updateTable('batches')
    .set({
      lines: sql<number>`lines + ${counts.lines}`,
      accepted: sql<number>`accepted + ${counts.accepted}`,
      repeated: sql<number>`repeated + ${counts.repeated}`,
      rejected: sql<number>`rejected + ${counts.rejected}`,
    })
    .where('id', '=', id)
    .execute();
}

export async function updateBatchStatus(
  db: Kysely<Database>,
  id: string,
  status: BatchStatus,
): Promise<void> {
  await db.updateTable('batches').set({ status }).where('id', '=', id).execute();
}

export async function insertBatchRejections(
  trx: Kysely<Database>,
  batchId: string,
  rejections: readonly BatchRejection[],
): Promise<void> {
  if (rejections.length === 0) return;
  await trx
    .insertInto('batch_rejections')
    .values(rejections.map((r) => ({
      batch_id: batchId,
      line: r.line,
      problems: JSON.stringify(r.problems),
    })))
    .execute();
}

/** A batch of one submitter; another's is not found, exactly like a missing one. */
export async function findBatchById(
  db: Kysely<Database>,
  id: string,
  submitter: string,
): Promise<BatchRow | undefined> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('id', '=', id)
    .where('submitter', '=', submitter)
    .executeTakeFirst();
}

/** How many of a batch's checks are in each status. */
export async function countBatchChecksByStatus(
  db: Kysely<Database>,
  batchId: string,
): Promise<Record<CheckStatus, number>> {
  const rows = await db
    .selectFrom('checks')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('batch_id', '=', batchId)
    .groupBy('status')
    .execute();
  const counts = { queued: 0, running: 0, complete: 0, partial: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** A page of a batch's rejected lines, in line order, after `afterLine`. */
export async function findBatchRejections(
  db: Kysely<Database>,
  batchId: string,
  page: { afterLine: number | null; limit: number },
): Promise<BatchRejection[]> {
  let query = db
    .selectFrom('batch_rejections')
    .select(['line', 'problems'])
    .where('batch_id', '=', batchId)
    .orderBy('line')
    .limit(page.limit);
  if (page.afterLine !== null) query = query.where('line', '>', page.afterLine);
  const rows = await query.execute();
  return rows.map((row) => ({ line: row.line, problems: row.problems as Problem[] }));
}
