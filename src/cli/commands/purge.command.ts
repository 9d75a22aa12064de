import type { Command } from 'commander';

import { createDatabase } from '../../db/database.js';
import { deleteExpiredAnswers } from '../../retention/answer-retention.repository.js';
import { commandContext } from '../context.js';
import { print } from '../output.js';

export function registerPurge(program: Command): void {
  program
    .command('purge')
    .description('delete department answers of checks finished more than RETENTION_DAYS ago')
    .action(async () => {
      const { config } = commandContext({ logsToStderr: true });
      const db = createDatabase({ url: config.databaseUrl });
      try {
        const deleted = await deleteExpiredAnswers(db, config.retentionDays);
        print(`deleted ${deleted} department answers older than ${config.retentionDays} days`);
      } finally {
        await db.destroy();
      }
    });
}
