import type { Command } from 'commander';

import { departments } from '../../../connectors/registry.js';
import { appOptionsFrom, buildApp } from '../../api/app.js';
import { createDatabase } from '../../db/database.js';
import { loadDivisionIndex } from '../../divisions/division-index.js';
import { createCheckQueues } from '../../pipeline/queues.js';
import { closeHttpApi, shutdownOnSignals } from '../../runtime/shutdown.js';
import { commandContext } from '../context.js';

/** How long a request waits for a database session before the API answers 503. */
const API_CONNECTION_TIMEOUT_MS = 2000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API (HOST, PORT)')
    .action(async () => {
      const { config, logger } = commandContext();
      const divisions = await loadDivisionIndex();
      // A request must not wait out a database that is away: it answers 503.
      const db = createDatabase({
        url: config.databaseUrl,
        connectionTimeoutMs: API_CONNECTION_TIMEOUT_MS,
        logger,
      });
      const queues = createCheckQueues(
        { url: config.redisUrl, prefix: config.redisPrefix },
        departments.map((d) => d.name),
        logger,
      );
      const app = await buildApp({
        db, queues, divisions, departments, settings: config.departments, logger,
      }, appOptionsFrom(config));

      // Intake stops first; queues and the database close after the last request.
      shutdownOnSignals([
        { name: 'api', run: () => closeHttpApi(app) },
        { name: 'queues', run: () => queues.close() },
        { name: 'database', run: () => db.destroy() },
      ], logger, config.shutdownDeadlineMs);
      await app.listen({ host: config.host, port: config.port });
    });
}
