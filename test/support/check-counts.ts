import type { Queue } from 'bullmq';
import type { Kysely } from 'kysely';

import type { Dataset } from '../../src/dataset/generate-dataset.js';
import type { Database } from '../../src/db/schema.js';
import { discrepancyKey, findDiscrepancyKeys } from '../../src/demo/demo-report.js';
import type { CheckQueues } from '../../src/pipeline/queues.js';

/** Checks of a submitter by status. */
export async function statusesOf(
  db: Kysely<Database>,
  submitter: string,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('checks')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('submitter', '=', submitter)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Jobs waiting, active or delayed on every queue. */
export async function countQueuedJobs(queues: CheckQueues): Promise<number> {
  const all = queues.all();
  const counts = await Promise.all(all.map(jobsInFlight));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Jobs of a queue not yet done: waiting (with or without a priority), active or delayed. */
export async function jobsInFlight(queue: Queue): Promise<number> {
  const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
  return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
}

/**
 * Discrepancies stored more than once: by (check, position), which the
 * table's key forbids, and by what they say, (check, member, item, kind,
 * found), which a merge that ran twice over a list would repeat.
 */
export async function countDuplicateDiscrepancies(
  db: Kysely<Database>,
  submitter: string,
): Promise<{ byPosition: number; byContent: number }> {
  const rows = await db
    .selectFrom('discrepancies as d')
    .innerJoin('checks as c', 'c.id', 'd.check_id')
    .select(['d.check_id', 'd.position', 'd.member_id_number', 'd.item', 'd.kind', 'd.found'])
    .where('c.submitter', '=', submitter)
    .execute();
  const repeats = (keys: string[]) => keys.length - new Set(keys).size;
  return {
    byPosition: repeats(rows.map((r) => `${r.check_id}|${r.position}`)),
    byContent: repeats(rows.map((r) =>
      [r.check_id, r.member_id_number, r.item, r.kind, JSON.stringify(r.found)].join('|'))),
  };
}

/** The discrepancies a data set planted that a submitter's checks did not report. */
export async function missedPlanted(
  db: Kysely<Database>,
  submitter: string,
  planted: Dataset['planted'],
): Promise<string[]> {
  const found = await findDiscrepancyKeys(db, submitter);
  return planted
    .map((p) => discrepancyKey(p.reference, p.member, p.item, p.kind))
    .filter((key) => !found.has(key));
}
