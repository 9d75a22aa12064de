import { randomUUID } from 'node:crypto';

import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { CheckStatus } from '../../src/db/schema.js';
import { redisConnection } from '../../src/pipeline/queues.js';
import { deleteExpiredAnswers } from '../../src/retention/answer-retention.repository.js';
import {
  PURGE_SCHEDULER,
  RETENTION_QUEUE,
} from '../../src/retention/purge.worker.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { seedCheck } from '../support/access.js';
import { startTestStack } from '../support/stack.js';

const DAY_MS = 86_400_000;

describe('retention of raw department answers', () => {
  let stack: LocalStack;
  let queue: Queue;

  beforeAll(async () => {
    stack = await startTestStack();
    const { connection, prefix } = stack.queues.merge.opts;
    queue = new Queue(RETENTION_QUEUE, { connection, prefix });
  });

  afterAll(async () => {
    await queue.close();
    await stack.close();
  });

  /** A check in a given state, finished `ageDays` ago, with one answer and one discrepancy. */
  async function checkWithAnswer(status: CheckStatus, ageDays: number | null): Promise<string> {
    const id = await seedCheck(stack.db, {
      areaCode: '430102001001', submitter: `retention-${randomUUID()}`,
      discrepancies: [{ member: null }],
    });
    const completedAt = ageDays === null ? null : new Date(Date.now() - ageDays * DAY_MS);
    await stack.db.updateTable('checks').set({ status, completed_at: completedAt })
      .where('id', '=', id).execute();
    await stack.db.insertInto('department_lookups')
      .values({ check_id: id, department: 'housing', state: 'answered' }).execute();
    await stack.db.insertInto('department_answers')
      .values({ check_id: id, department: 'housing', records: JSON.stringify({ properties: [] }) })
      .execute();
    return id;
  }

  async function answersOf(ids: readonly string[]): Promise<string[]> {
    const rows = await stack.db.selectFrom('department_answers').select('check_id')
      .where('check_id', 'in', ids).execute();
    return rows.map((r) => r.check_id).sort();
  }

  it('deletes answers of checks finished before the period, ' +
    'keeps the rest and the findings', async () => {
    const expiredComplete = await checkWithAnswer('complete', 31);
    const expiredPartial = await checkWithAnswer('partial', 45);
    const recent = await checkWithAnswer('complete', 29);
    const running = await checkWithAnswer('running', null);
    const all = [expiredComplete, expiredPartial, recent, running];

    const deleted = await deleteExpiredAnswers(stack.db, 30);

    expect(deleted).toBe(2);
    expect(await answersOf(all)).toEqual([recent, running].sort());
    const findings = await stack.db.selectFrom('discrepancies').select('check_id')
      .where('check_id', 'in', all).execute();
    expect(findings).toHaveLength(4);
  });

  it('never touches answers of a check the merger has still to read, however old', async () => {
    const queued = await checkWithAnswer('queued', null);
    await stack.db.updateTable('checks').set({ submitted_at: new Date(Date.now() - 400 * DAY_MS) })
      .where('id', '=', queued).execute();

    await deleteExpiredAnswers(stack.db, 1);

    expect(await answersOf([queued])).toEqual([queued]);
  });

  it('schedules the purge daily at 03:00 China time', async () => {
    const scheduler = await waitForScheduler(queue);

    expect(scheduler).toMatchObject({ pattern: '0 3 * * *', tz: 'Asia/Shanghai' });
  });

  it('purges when the daily job runs in the workers', async () => {
    const expired = await checkWithAnswer('complete', 60);
    const events = new QueueEvents(RETENTION_QUEUE, {
      connection: redisConnection(inject('redisUrl'), 'worker'),
      prefix: stack.queues.merge.opts.prefix,
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add(PURGE_SCHEDULER, {});
      const result = (await job.waitUntilFinished(events, 20_000)) as { deleted: number };

      expect(result.deleted).toBeGreaterThanOrEqual(1);
      expect(await answersOf([expired])).toEqual([]);
    } finally {
      await events.close();
    }
  });
});

/** The workers register the scheduler as they start; this waits for it to appear. */
async function waitForScheduler(queue: Queue) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const scheduler = await queue.getJobScheduler(PURGE_SCHEDULER);
    if (scheduler) return scheduler;
    if (Date.now() > deadline) throw new Error('purge scheduler was not registered');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
