import type { Command } from 'commander';

import { departments } from '../../../connectors/registry.js';
import { generateDataset } from '../../dataset/generate-dataset.js';
import { ensureDatabase } from '../../db/ensure-database.js';
import { loadSandboxes, startSandboxes, stopSandboxes } from '../../runtime/sandboxes.js';
import { shutdownOnSignals } from '../../runtime/shutdown.js';
import { commandContext, positiveInteger } from '../context.js';
import { print } from '../output.js';

export function registerSandboxes(program: Command): void {
  program
    .command('sandboxes')
    .description('run every department\'s sandbox on its default port')
    .option('--families <n>', 'load a generated data set of this many families', positiveInteger)
    .option('--seed <n>', 'seed of the generated data set', positiveInteger, 1)
    .action(async (options: { families?: number; seed: number }) => {
      const { config, logger } = commandContext();
      await ensureDatabase(config.exchangeDatabaseUrl);
      const sandboxes = await startSandboxes({
        departments,
        host: config.host,
        ports: 'fixed',
        exchangeDatabaseUrl: config.exchangeDatabaseUrl,
        logger,
      });
      shutdownOnSignals([{ name: 'sandboxes', run: () => stopSandboxes(sandboxes) }], logger);

      if (options.families) {
        const dataset = await generateDataset({ seed: options.seed, families: options.families });
        await loadSandboxes(sandboxes, departments, dataset.departments);
      }
      for (const [name, sandbox] of sandboxes) print(`${name.padEnd(16)} ${sandbox.url}`);
    });
}
