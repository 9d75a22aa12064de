import type { Command } from 'commander';

import { departments } from '../../../connectors/registry.js';
import { buildApp } from '../../api/app.js';
import { createDatabase } from '../../db/database.js';
import { loadDivisionIndex } from '../../divisions/division-index.js';
import { createCheckQueues } from '../../pipeline/queues.js';
import { shutdownOnSignals } from '../../runtime/shutdown.js';
import { commandContext } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API (HOST, PORT)')
    .action(async () => {
      const { config, logger } = commandContext();
      const divisions = await loadDivisionIndex();
      const db = createDatabase({ url: config.databaseUrl });
      const queues = createCheckQueues(
        { url: config.redisUrl, prefix: config.redisPrefix },
        departments.map((d) => d.name),
      );
      const app = await buildApp({
        db, queues, divisions, departments, settings: config.departments, logger,
      });

      // Intake stops first; queues and the database close after the last request.
      shutdownOnSignals([
        { name: 'api', run: () => app.close() },
        { name: 'queues', run: () => queues.close() },
        { name: 'database', run: () => db.destroy() },
      ], logger);
      await app.listen({ host: config.host, port: config.port });
    });
}
