import type { Command } from 'commander';

import { ensureDatabase } from '../../db/ensure-database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { commandContext } from '../context.js';
import { print } from '../output.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the database if needed and apply every migration')
    .action(async () => {
      const { config } = commandContext({ logsToStderr: true });
      await ensureDatabase(config.databaseUrl);
      const applied = await migrateToLatest(config.databaseUrl);
      print(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
    });
}
