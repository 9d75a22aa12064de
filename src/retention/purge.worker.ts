import { Queue, Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { Database } from '../db/schema.js';
import { type RedisSettings, redisConnection } from '../pipeline/queues.js';
import { deleteExpiredAnswers } from './answer-retention.repository.js';

export const RETENTION_QUEUE = 'retention';
export const PURGE_SCHEDULER = 'purge-answers';

/** Every day at 03:00 in China, when no office submits. */
export const PURGE_SCHEDULE = { pattern: '0 3 * * *', tz: 'Asia/Shanghai' } as const;

export interface PurgeDeps {
  db: Kysely<Database>;
  redis: RedisSettings;
  logger: Logger;
  retentionDays: number;
}

export interface RunningPurge {
  close(): Promise<void>;
}

/**
 * The daily purge of expired department answers. Every `work` process
 * upserts the same scheduler, so however many run, one job a day is made,
 * and whichever worker takes it runs the purge.
 */
export function startPurgeWorker(deps: PurgeDeps): RunningPurge {
  const logger = deps.logger.child({ queue: RETENTION_QUEUE });
  const options = {
    connection: redisConnection(deps.redis.url, 'worker'),
    prefix: deps.redis.prefix,
  };
  const queue = new Queue(RETENTION_QUEUE, options);
  // Heard here, a lost Redis connection is logged rather than printed by BullMQ.
  queue.on('error', (err) => logger.debug({ err }, 'queue connection error'));
  queue
    .upsertJobScheduler(PURGE_SCHEDULER, PURGE_SCHEDULE, {
      name: PURGE_SCHEDULER,
      opts: { removeOnComplete: true, removeOnFail: 100 },
    })
    .catch((err: unknown) => logger.error({ err }, 'purge schedule not registered'));

  const worker = new Worker(RETENTION_QUEUE, async () => {
    const deleted = await deleteExpiredAnswers(deps.db, deps.retentionDays);
    logger.info(
      { deleted, retentionDays: deps.retentionDays },
      'expired department answers purged',
    );
    return { deleted };
  }, options);
  worker.on('error', (err) => logger.error({ err }, 'worker error'));

  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
