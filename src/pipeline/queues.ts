import { createHash } from 'node:crypto';

import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';

import type { DepartmentSettings } from '../config.js';

/** One queue per department, so each has its own concurrency, rate limit and retries. */
export function lookupQueueName(department: string): string {
  return `lookup-${department}`;
}

export const MERGE_QUEUE = 'merge';

/** Checks one lookup or merge job carries at most. */
export const MAX_GROUP = 500;

/**
 * What a lookup or merge job carries: the ids of the checks it is about;
 * PostgreSQL holds the rest. A job may carry one check (a single submission)
 * or a group (a batch), so a department is asked about many families at
 * once. Jobs queued as `{ checkId }` are still understood.
 */
export const checkJobData = z.union([
  z.object({ checkIds: z.array(z.uuid()).min(1).max(MAX_GROUP) }),
  z.object({ checkId: z.uuid() }).transform(({ checkId }) => ({ checkIds: [checkId] })),
]);
export type CheckJobData = z.input<typeof checkJobData>;

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

/**
 * The producers' side of every queue. A lost Redis connection is reported
 * once per queue to `logger` (at debug: the failed command is what matters,
 * and its caller reports it); unheard, BullMQ prints it to the console.
 */
export function createCheckQueues(
  redis: RedisSettings,
  departments: readonly string[],
  logger?: Logger,
): CheckQueues {
  const connection = redisConnection(redis.url, 'producer');
  const options = { connection, prefix: redis.prefix };
  const lookups = new Map(
    departments.map((d) => [d, new Queue<CheckJobData>(lookupQueueName(d), options)]),
  );
  const merge = new Queue<CheckJobData>(MERGE_QUEUE, options);
  for (const queue of [...lookups.values(), merge]) {
    queue.on('error', (err) => logger?.debug({ err, queue: queue.name }, 'queue connection error'));
  }
  return {
    lookups,
    merge,
    async close() {
      await Promise.all([...lookups.values(), merge].map((q) => q.close()));
    },
  };
}

/**
 * A job's id from its checks: the check's own id for one, a digest for a
 * group. Queueing the same checks again adds nothing while the first job
 * lives.
 */
export function groupJobId(checkIds: readonly string[]): string {
  if (checkIds.length === 1 && checkIds[0]) return checkIds[0];
  const digest = createHash('sha256').update([...checkIds].sort().join(',')).digest('hex');
  return `group-${digest.slice(0, 40)}`;
}

/** Splits checks into groups of at most `size`. */
export function groupsOf(checkIds: readonly string[], size = LOOKUP_GROUP_SIZE): string[][] {
  const groups: string[][] = [];
  for (let start = 0; start < checkIds.length; start += size) {
    groups.push(checkIds.slice(start, start + size));
  }
  return groups;
}

/**
 * Checks per lookup job when many are queued together. Large enough that a
 * department is asked in full batches, small enough that a failed job
 * repeats little and a family in it is not kept waiting long.
 */
export const LOOKUP_GROUP_SIZE = 100;

/**
 * Job options of a department's lookups. Finished jobs are removed:
 * PostgreSQL keeps the outcome.
 */
export function lookupJobOptions(
  checkIds: readonly string[],
  settings: DepartmentSettings,
): JobsOptions {
  return {
    jobId: groupJobId(checkIds),
    priority: priorityOf(checkIds),
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/**
 * A family submitted on its own is someone waiting at a desk: its jobs go
 * ahead of the groups of a batch, which would otherwise hold it up behind
 * every family queued before it (lower numbers run first).
 */
function priorityOf(checkIds: readonly string[]): number {
  return checkIds.length === 1 ? 1 : 10;
}

/** Queues lookups of the checks on each department's queue, in groups. */
export async function enqueueLookups(
  queues: CheckQueues,
  checkIds: string | readonly string[],
  departments: readonly string[],
  settings: Record<string, DepartmentSettings>,
): Promise<void> {
  const groups = groupsOf(typeof checkIds === 'string' ? [checkIds] : checkIds);
  await Promise.all(
    departments.map((department) => {
      const queue = queues.lookups.get(department);
      const departmentSettings = settings[department];
      if (!queue || !departmentSettings) throw new Error(`no queue for ${department}`);
      return queue.addBulk(groups.map((group) => ({
        name: 'lookup',
        data: { checkIds: group },
        opts: lookupJobOptions(group, departmentSettings),
      })));
    }),
  );
}

/** Queues the merge of checks whose every lookup has ended. */
export async function enqueueMerge(
  queues: CheckQueues,
  checkIds: string | readonly string[],
): Promise<void> {
  const groups = groupsOf(typeof checkIds === 'string' ? [checkIds] : checkIds, MAX_GROUP);
  await queues.merge.addBulk(groups.map((group) => ({
    name: 'merge',
    data: { checkIds: group },
    opts: {
      jobId: groupJobId(group),
      priority: priorityOf(group),
      attempts: 10,
      backoff: { type: 'exponential', delay: 200, jitter: 0.5 },
      removeOnComplete: true,
      removeOnFail: true,
    },
  })));
}
