import type { Kysely } from 'kysely';

import type { Database } from '../../src/db/schema.js';
import type { CheckQueues } from '../../src/pipeline/queues.js';
import { jobsInFlight } from './check-counts.js';

/** Resolves once every check of a submitter is complete or partial. */
export async function waitForSubmitter(
  db: Kysely<Database>,
  submitter: string,
  timeoutMs = 60_000,
): Promise<void> {
  await until(async () => {
    const open = await db
      .selectFrom('checks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('submitter', '=', submitter)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    return Number(open.n) === 0;
  }, timeoutMs);
}

/** Resolves once no queue holds a job waiting, active or delayed. */
export async function waitForQueuesDrained(queues: CheckQueues, timeoutMs = 30_000): Promise<void> {
  const all = queues.all();
  await until(async () => {
    const counts = await Promise.all(all.map(jobsInFlight));
    return counts.every((count) => count === 0);
  }, timeoutMs);
}

/** Polls a condition of the system under test; the pipeline offers no event to await. */
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
