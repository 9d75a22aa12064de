import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment, Connector, MoneyTolerance } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import { SharedCallRate, connectCallRateRedis } from './call-rate.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { InFlightRegister } from './in-flight.js';
import { createLookupProcessor } from './lookup.processor.js';
import { createMergeProcessor, mergeGroup } from './merge.processor.js';
import {
  type CheckJobData,
  type CheckQueues,
  checkJobData,
  LANES,
  type Lane,
  type RedisSettings,
  lookupQueueName,
  mergeQueueName,
  redisConnection,
} from './queues.js';
import { startReconciler } from './reconciler.js';
import { startPurgeWorker } from '../retention/purge.worker.js';

export interface WorkerDeps {
  db: Kysely<Database>;
  /**
   * A pool of its own for jobs someone waits on (a family submitted on its
   * own), so their statements never queue behind a batch's; `db` without one.
   */
  urgentDb?: Kysely<Database>;
  queues: CheckQueues;
  redis: RedisSettings;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  tolerances: Record<string, MoneyTolerance>;
  logger: Logger;
  /** How often unfinished checks are looked for in PostgreSQL. */
  reconcileEveryMs: number;
  /** Merges run at once per process. */
  mergeConcurrency?: number;
  /** Unfinished checks younger than this are left to their submitter; 5 s unless told. */
  reconcileGraceMs?: number;
  /** How long a job's lock lasts unless renewed; BullMQ's 30 s unless told. */
  jobLockMs?: number;
  /**
   * Where the departments' circuits live. The caller that passes one closes
   * it; without one the workers open their own and close it with themselves.
   */
  circuitRedis?: Redis;
  /** Days finished checks keep their raw department answers; 30 unless told. */
  retentionDays?: number;
  /** The lanes this process serves; both unless told. */
  lanes?: readonly Lane[];
}

export interface RunningWorkers {
  /** Stops taking jobs, waits for those in flight, then closes the connectors. */
  close(): Promise<void>;
}

/**
 * A Redis connection for the circuits that fails fast while Redis is away,
 * so a lookup never waits on its department's circuit.
 */
export function connectCircuitRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Starts, for each lane served, one worker per department queue and the
 * merge worker; then the reconciler and the purge.
 */
export function startWorkers(deps: WorkerDeps): RunningWorkers {
  const connection = redisConnection(deps.redis.url, 'worker');
  const base = { connection, prefix: deps.redis.prefix, ...lockOptions(deps.jobLockMs) };
  const connectors: Connector<unknown>[] = [];
  const circuitRedis = deps.circuitRedis ?? connectCircuitRedis(deps.redis.url);
  const lanes = deps.lanes ?? LANES;
  let rateRedis: Redis | null = null;
  const callRateRedis = () => (rateRedis ??= connectCallRateRedis(deps.redis.url));
  const mergeDeps = (lane: Lane) => ({ ...deps, lane, inFlight: deps.queues.inFlight });

  const lookupWorkers = lanes.flatMap((lane) => deps.departments.map((department) => {
    const settings = requireSettings(deps.settings, department.name);
    const logger = deps.logger.child({ department: department.name });
    const callPacer = settings.ratePerSecond
      ? new SharedCallRate(
        callRateRedis(), deps.redis.prefix, department.name, settings.ratePerSecond, logger,
      )
      : undefined;
    const connector = department.createConnector({
      ...settings, logger, ...(callPacer ? { callPacer } : {}),
    });
    connectors.push(connector);
    const circuit = new CircuitBreaker(circuitRedis, deps.redis.prefix, department.name, {
      threshold: settings.circuitThreshold,
      coolDownMs: settings.circuitCooldownMs,
    }, logger);

    const worker: Worker<CheckJobData> = new Worker<CheckJobData>(
      lookupQueueName(department.name, lane),
      createLookupProcessor({
        ...deps,
        lane,
        ...(lane === 'urgent' ? { mergeNow: (ids) => mergeGroup(mergeDeps(lane), ids) } : {}),
        department,
        connector,
        departmentSettings: settings,
        logger,
        worker: () => worker,
        circuit,
      }),
      {
        ...base,
        concurrency: settings.concurrency,
        ...(settings.ratePerSecond
          ? { limiter: { max: settings.ratePerSecond, duration: 1000 } }
          : {}),
      },
    );
    watch(worker, logger, deps.queues.inFlight);
    return worker;
  }));

  const mergeWorkers = lanes.map((lane) => {
    const name = mergeQueueName(lane);
    const worker = new Worker<CheckJobData>(name, createMergeProcessor(mergeDeps(lane)), {
      ...base,
      concurrency: deps.mergeConcurrency ?? 4,
    });
    watch(worker, deps.logger.child({ queue: name }), deps.queues.inFlight);
    return worker;
  });
  const reconciler = startReconciler(deps, deps.reconcileEveryMs);
  const purge = startPurgeWorker({ ...deps, retentionDays: deps.retentionDays ?? 30 });

  return {
    async close() {
      reconciler.stop();
      await Promise.all([...lookupWorkers, ...mergeWorkers].map((w) => w.close()));
      await purge.close();
      await Promise.all(connectors.map((c) => c.close()));
      if (!deps.circuitRedis) circuitRedis.disconnect();
      rateRedis?.disconnect();
    },
  };
}

/**
 * A job of a worker that died is noticed once its lock has lapsed and the
 * next stalled-job check runs; both follow `jobLockMs`.
 */
function lockOptions(jobLockMs: number | undefined) {
  return jobLockMs === undefined ? {} : { lockDuration: jobLockMs, stalledInterval: jobLockMs };
}

function requireSettings(
  settings: Record<string, DepartmentSettings>,
  department: string,
): DepartmentSettings {
  const found = settings[department];
  if (!found) throw new Error(`no settings for department ${department}`);
  return found;
}

function watch(worker: Worker<CheckJobData>, logger: Logger, inFlight: InFlightRegister): void {
  worker.on('error', (err) => logger.error({ err }, 'worker error'));
  // A job that will not be tried again leaves its checks to the reconciler at once.
  worker.on('failed', (job) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const parsed = checkJobData.safeParse(job.data);
    if (!parsed.success) return;
    inFlight.clear(parsed.data.checkIds).catch((err: unknown) => {
      logger.debug({ err }, 'failed job left in the in-flight register');
    });
  });
}
