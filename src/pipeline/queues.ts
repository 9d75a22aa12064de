import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';

import type { DepartmentSettings } from '../config.js';

/** One queue per department, so each has its own concurrency, rate limit and retries. */
export function lookupQueueName(department: string): string {
  return `lookup-${department}`;
}

export const MERGE_QUEUE = 'merge';

/** What a lookup or merge job carries: only the check's id; PostgreSQL holds the rest. */
export const checkJobData = z.object({ checkId: z.uuid() });
export type CheckJobData = z.infer<typeof checkJobData>;

export interface RedisSettings {
  url: string;
  prefix: string;
}

/**
 * ioredis options for BullMQ, from a redis:// URL. Workers wait for Redis
 * as long as it takes; producers fail at once while it is away, so the API
 * answers instead of hanging (the check is already in PostgreSQL).
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
  };
}

export interface CheckQueues {
  lookups: Map<string, Queue<CheckJobData>>;
  merge: Queue<CheckJobData>;
  close(): Promise<void>;
}

export function createCheckQueues(
  redis: RedisSettings,
  departments: readonly string[],
): CheckQueues {
  const connection = redisConnection(redis.url, 'producer');
  const options = { connection, prefix: redis.prefix };
  const lookups = new Map(
    departments.map((d) => [d, new Queue<CheckJobData>(lookupQueueName(d), options)]),
  );
  const merge = new Queue<CheckJobData>(MERGE_QUEUE, options);
  return {
    lookups,
    merge,
    async close() {
      await Promise.all([...lookups.values(), merge].map((q) => q.close()));
    },
  };
}

/**
 * Job options of a department's lookups. The job id is the check's id, so
 * queueing a check that is already queued adds nothing. Finished jobs are
 * removed: PostgreSQL keeps the outcome.
 */
export function lookupJobOptions(checkId: string, settings: DepartmentSettings): JobsOptions {
  return {
    jobId: checkId,
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** Queues one lookup job on each department's queue. */
export async function enqueueLookups(
  queues: CheckQueues,
  checkId: string,
  departments: readonly string[],
  settings: Record<string, DepartmentSettings>,
): Promise<void> {
  await Promise.all(
    departments.map((department) => {
      const queue = queues.lookups.get(department);
      const departmentSettings = settings[department];
      if (!queue || !departmentSettings) throw new Error(`no queue for ${department}`);
      return queue.add('lookup', { checkId }, lookupJobOptions(checkId, departmentSettings));
    }),
  );
}

export async function enqueueMerge(queues: CheckQueues, checkId: string): Promise<void> {
  await queues.merge.add(
    'merge',
    { checkId },
    {
      jobId: checkId,
      attempts: 10,
      backoff: { type: 'exponential', delay: 200, jitter: 0.5 },
      removeOnComplete: true,
      removeOnFail: true,
    },
  );
}
