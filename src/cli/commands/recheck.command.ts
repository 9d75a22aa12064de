import type { Command } from 'commander';

import { departments } from '../../../connectors/registry.js';
import { createDatabase } from '../../db/database.js';
import { recheckDepartment } from '../../pipeline/department-recheck.js';
import { createCheckQueues } from '../../pipeline/queues.js';
import { commandContext } from '../context.js';
import { print } from '../output.js';

export function registerRecheck(program: Command): void {
  program
    .command('recheck')
    .description('ask a department again about every partial check it was given up on')
    .requiredOption('--department <name>', `one of: ${departments.map((d) => d.name).join(', ')}`)
    .action(async (options: { department: string }) => {
      const { config, logger } = commandContext({ logsToStderr: true });
      const db = createDatabase({ url: config.databaseUrl, logger });
      const queues = createCheckQueues(
        { url: config.redisUrl, prefix: config.redisPrefix },
        departments.map((d) => d.name),
        logger,
      );

      try {
        const reopened = await recheckDepartment(
          { db, queues, departments, settings: config.departments, logger },
          options.department,
        );
        print(`${reopened} checks queued again for ${options.department}`);
      } finally {
        await queues.close();
        await db.destroy();
      }
    });
}
