import { createHash } from 'node:crypto';

import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';

import type { DepartmentSettings } from '../config.js';
import { type InFlightRegister, inFlightRegister } from './in-flight.js';

/**
 * Work goes down one of two lanes. A family submitted on its own is someone
 * waiting at a desk: its jobs take the urgent lane, whose queues no batch
 * ever fills, so a batch of a hundred thousand families never holds it up.
 * The groups of a batch take the bulk lane. A worker process may serve one
 * lane or both.
 */
export type Lane = 'urgent' | 'bulk';
export const LANES: readonly Lane[] = ['urgent', 'bulk'];

/**
 * One queue per department and lane, so each has its own concurrency, rate
 * limit and retries.
 */
export function lookupQueueName(department: string, lane: Lane = 'urgent'): string {
  return lane === 'urgent' ? `lookup-${department}` : `bulk-lookup-${department}`;
}

export const MERGE_QUEUE = 'merge';

export function mergeQueueName(lane: Lane): string {
  return lane === 'urgent' ? MERGE_QUEUE : `bulk-${MERGE_QUEUE}`;
}


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
  /** The urgent lane's lookup queues, by department. */
  lookups: Map<string, Queue<CheckJobData>>;
  merge: Queue<CheckJobData>;
  /** The bulk lane's lookup queues, by department. */
  bulkLookups: Map<string, Queue<CheckJobData>>;
  bulkMerge: Queue<CheckJobData>;
  /** Every queue of both lanes. */
  all(): Array<Queue<CheckJobData>>;
  /** The checks whose jobs these queues hold. */
  inFlight: InFlightRegister;
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
  const lookupsOf = (lane: Lane) => new Map(
    departments.map((d) => [d, new Queue<CheckJobData>(lookupQueueName(d, lane), options)]),
  );
  const lookups = lookupsOf('urgent');
  const bulkLookups = lookupsOf('bulk');
  const merge = new Queue<CheckJobData>(mergeQueueName('urgent'), options);
  const bulkMerge = new Queue<CheckJobData>(mergeQueueName('bulk'), options);
  const all = () => [...lookups.values(), merge, ...bulkLookups.values(), bulkMerge];
  const registerClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  registerClient.on('error', (err) => logger?.debug({ err }, 'register connection error'));
  for (const queue of all()) {
    queue.on('error', (err) => logger?.debug({ err, queue: queue.name }, 'queue connection error'));
  }
  return {
    lookups,
    merge,
    bulkLookups,
    bulkMerge,
    all,
    inFlight: inFlightRegister(registerClient, redis.prefix),
    async close() {
      await Promise.all(all().map((q) => q.close()));
      registerClient.disconnect();
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
  after?: string,
): JobsOptions {
  const group = groupJobId(checkIds);
  return {
    jobId: after === undefined ? group : `${group}.after-${after}`,
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: true,
  };
}


/**
 * Queues lookups of the checks on each department's queue of the lane, in
 * groups. The lane is the caller's to say: a family submitted on its own and
 * what follows from it go urgent, a batch and what follows from it bulk.
 * `after` names the department whose end this follows: such jobs have ids
 * of their own, so that one asked ahead and still running does not swallow
 * them.
 */
export async function enqueueLookups(
  queues: CheckQueues,
  checkIds: string | readonly string[],
  departments: readonly string[],
  settings: Record<string, DepartmentSettings>,
  lane: Lane,
  after?: string,
): Promise<void> {
  const ids = typeof checkIds === 'string' ? [checkIds] : checkIds;
  const groups = groupsOf(ids);
  const byDepartment = lane === 'urgent' ? queues.lookups : queues.bulkLookups;
  await registered(queues, ids, () => Promise.all(departments.map((department) => {
    const departmentSettings = settings[department];
    const queue = byDepartment.get(department);
    if (!departmentSettings || !queue) throw new Error(`no queue for ${department}`);
    return queue.addBulk(groups.map((group) => ({
      name: 'lookup',
      data: { checkIds: group },
      opts: lookupJobOptions(group, departmentSettings, after),
    })));
  })));
}

/**
 * Marks the checks in flight, then queues their jobs; marked first so that a
 * merge finishing them at once crosses them off after, never before. Should
 * the queueing fail the marks go again, so the reconciler sees them lost.
 */
async function registered(
  queues: CheckQueues,
  checkIds: readonly string[],
  add: () => Promise<unknown>,
): Promise<void> {
  await queues.inFlight.mark(checkIds);
  try {
    await add();
  } catch (err) {
    await queues.inFlight.clear(checkIds).catch(() => undefined);
    throw err;
  }
}

/** Queues the merge of checks whose every lookup has ended. */
export async function enqueueMerge(
  queues: CheckQueues,
  checkIds: string | readonly string[],
  lane: Lane,
): Promise<void> {
  const ids = typeof checkIds === 'string' ? [checkIds] : checkIds;
  const queue = lane === 'urgent' ? queues.merge : queues.bulkMerge;
  await registered(queues, ids, () => queue.addBulk(groupsOf(ids, MAX_GROUP).map((group) => ({
    name: 'merge',
    data: { checkIds: group },
    opts: {
      jobId: groupJobId(group),
      attempts: 10,
      backoff: { type: 'exponential', delay: 200, jitter: 0.5 },
      removeOnComplete: true,
      removeOnFail: true,
    },
  }))));
}
