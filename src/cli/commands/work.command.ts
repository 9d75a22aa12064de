import { readdirSync } from 'node:fs';
import os from 'node:os';

import { type Command, Option } from 'commander';
import type { Logger } from 'pino';

import { departments } from '../../../connectors/registry.js';
import { createDatabase } from '../../db/database.js';
import { LANES, type Lane, createCheckQueues } from '../../pipeline/queues.js';
import { connectCircuitRedis, startWorkers } from '../../pipeline/workers.js';
import { shutdownOnSignals } from '../../runtime/shutdown.js';
import { commandContext } from '../context.js';

/**
 * A process serving only the bulk lane lowers its own CPU priority, so that
 * on a busy machine the API and the urgent lane are scheduled first and a
 * batch only takes the time they leave.
 */
function yieldToUrgentWork(logger: Logger): void {
  // Linux sets a priority per thread: every thread running now (V8's and
  // libuv's too), and those started later inherit it from the main one.
  try {
    const threads = readdirSync('/proc/self/task').map(Number);
    for (const thread of threads) os.setPriority(thread, os.getPriority(thread) + BULK_NICENESS);
  } catch (err) {
    logger.warn({ err }, 'could not lower the CPU priority of the bulk lane');
  }
}

const BULK_NICENESS = 10;

/** Connections kept for the jobs of families submitted on their own. */
const URGENT_POOL_SIZE = 10;

export function registerWork(program: Command): void {
  program
    .command('work')
    .description('run the department workers, the merger and the reconciler')
    .addOption(
      new Option('--lane <lane>', 'serve only one lane: urgent (single submissions) or bulk')
        .choices(LANES),
    )
    .action((options: { lane?: Lane }) => {
      const { config, logger } = commandContext();
      if (options.lane === 'bulk') yieldToUrgentWork(logger);
      // Whatever a worker writes can be redone from the checks, so its commits
      // need not wait for the disk; a crash loses at most their last moment.
      const redoable = { url: config.databaseUrl, logger, waitForDurableCommit: false };
      const db = createDatabase(redoable);
      const urgentDb = createDatabase({ ...redoable, poolSize: URGENT_POOL_SIZE });
      const redis = { url: config.redisUrl, prefix: config.redisPrefix };
      const queues = createCheckQueues(redis, departments.map((d) => d.name), logger);
      const circuitRedis = connectCircuitRedis(config.redisUrl);
      const workers = startWorkers({
        db, urgentDb, queues, redis, departments, logger, circuitRedis,
        settings: config.departments,
        tolerances: config.tolerances,
        reconcileEveryMs: config.reconcileEveryMs,
        retentionDays: config.retentionDays,
        jobLockMs: config.jobLockMs,
        lanes: options.lane ? [options.lane] : LANES,
      });
      const lane = options.lane ?? 'all';
      logger.info({ departments: departments.length, lane }, 'workers started');

      // Intake stops and jobs in flight finish (their answers are stored and
      // what follows them queued) before the queues, Redis and the database close.
      shutdownOnSignals([
        { name: 'workers', run: () => workers.close() },
        { name: 'queues', run: () => queues.close() },
        { name: 'redis', run: () => Promise.resolve(circuitRedis.disconnect()) },
        {
          name: 'database',
          run: async () => {
            await Promise.all([db.destroy(), urgentDb.destroy()]);
          },
        },
      ], logger, config.shutdownDeadlineMs);
    });
}
