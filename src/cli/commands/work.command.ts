import type { Command } from 'commander';

import { departments } from '../../../connectors/registry.js';
import { createDatabase } from '../../db/database.js';
import { createCheckQueues } from '../../pipeline/queues.js';
import { startWorkers } from '../../pipeline/workers.js';
import { shutdownOnSignals } from '../../runtime/shutdown.js';
import { commandContext } from '../context.js';

export function registerWork(program: Command): void {
  program
    .command('work')
    .description('run the department workers, the merger and the reconciler')
    .action(() => {
      const { config, logger } = commandContext();
      const db = createDatabase({ url: config.databaseUrl });
      const redis = { url: config.redisUrl, prefix: config.redisPrefix };
      const queues = createCheckQueues(redis, departments.map((d) => d.name));
      const workers = startWorkers({
        db, queues, redis, departments, logger,
        settings: config.departments,
        tolerances: config.tolerances,
        reconcileEveryMs: config.reconcileEveryMs,
      });
      logger.info({ departments: departments.length }, 'workers started');

      // Jobs in flight finish before the queues and the database close.
      shutdownOnSignals([
        { name: 'workers', run: () => workers.close() },
        { name: 'queues', run: () => queues.close() },
        { name: 'database', run: () => db.destroy() },
      ], logger);
    });
}
