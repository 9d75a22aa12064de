import type { Command } from 'commander';

import { departments } from '../../../connectors/registry.js';
import { createDatabase } from '../../db/database.js';
import { createCheckQueues } from '../../pipeline/queues.js';
import { connectCircuitRedis, startWorkers } from '../../pipeline/workers.js';
import { shutdownOnSignals } from '../../runtime/shutdown.js';
import { commandContext } from '../context.js';

export function registerWork(program: Command): void {
  program
    .command('work')
    .description('run the department workers, the merger and the reconciler')
    .action(() => {
      const { config, logger } = commandContext();
      const db = createDatabase({ url: config.databaseUrl, logger });
      const redis = { url: config.redisUrl, prefix: config.redisPrefix };
      const queues = createCheckQueues(redis, departments.map((d) => d.name), logger);
      const circuitRedis = connectCircuitRedis(config.redisUrl);
      const workers = startWorkers({
        db, queues, redis, departments, logger, circuitRedis,
        settings: config.departments,
        tolerances: config.tolerances,
        reconcileEveryMs: config.reconcileEveryMs,
        retentionDays: config.retentionDays,
        jobLockMs: config.jobLockMs,
      });
      logger.info({ departments: departments.length }, 'workers started');

      // Intake stops and jobs in flight finish (their answers are stored and
      // what follows them queued) before the queues, Redis and the database close.
      shutdownOnSignals([
        { name: 'workers', run: () => workers.close() },
        { name: 'queues', run: () => queues.close() },
        { name: 'redis', run: () => Promise.resolve(circuitRedis.disconnect()) },
        { name: 'database', run: () => db.destroy() },
      ], logger, config.shutdownDeadlineMs);
    });
}
