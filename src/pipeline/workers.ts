import { Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment, Connector, MoneyTolerance } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import { createLookupProcessor } from './lookup.processor.js';
import { createMergeProcessor } from './merge.processor.js';
import {
  type CheckJobData,
  type CheckQueues,
  MERGE_QUEUE,
  type RedisSettings,
  lookupQueueName,
  redisConnection,
} from './queues.js';
import { startReconciler } from './reconciler.js';

export interface WorkerDeps {
  db: Kysely<Database>;
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
}

export interface RunningWorkers {
  /** Stops taking jobs, waits for those in flight, then closes the connectors. */
  close(): Promise<void>;
}

/** Starts one worker per department queue, the merge worker and the reconciler. */
export function startWorkers(deps: WorkerDeps): RunningWorkers {
  const connection = redisConnection(deps.redis.url, 'worker');
  const base = { connection, prefix: deps.redis.prefix };
  const connectors: Connector<unknown>[] = [];

  const lookupWorkers = deps.departments.map((department) => {
    const settings = requireSettings(deps.settings, department.name);
    const logger = deps.logger.child({ department: department.name });
    const connector = department.createConnector({ ...settings, logger });
    connectors.push(connector);

    const worker: Worker<CheckJobData> = new Worker<CheckJobData>(
      lookupQueueName(department.name),
      createLookupProcessor({
        ...deps,
        department,
        connector,
        departmentSettings: settings,
        logger,
        worker: () => worker,
      }),
      {
        ...base,
        concurrency: settings.concurrency,
        ...(settings.ratePerSecond
          ? { limiter: { max: settings.ratePerSecond, duration: 1000 } }
          : {}),
      },
    );
    watch(worker, logger);
    return worker;
  });

  const mergeWorker = new Worker<CheckJobData>(MERGE_QUEUE, createMergeProcessor(deps), {
    ...base,
    concurrency: deps.mergeConcurrency ?? 4,
  });
  watch(mergeWorker, deps.logger.child({ queue: MERGE_QUEUE }));
  const reconciler = startReconciler(deps, deps.reconcileEveryMs);

  return {
    async close() {
      reconciler.stop();
      await Promise.all([...lookupWorkers, mergeWorker].map((w) => w.close()));
      await Promise.all(connectors.map((c) => c.close()));
    },
  };
}

function requireSettings(
  settings: Record<string, DepartmentSettings>,
  department: string,
): DepartmentSettings {
  const found = settings[department];
  if (!found) throw new Error(`no settings for department ${department}`);
  return found;
}

function watch(worker: Worker<CheckJobData>, logger: Logger): void {
  worker.on('error', (err) => logger.error({ err }, 'worker error'));
}
