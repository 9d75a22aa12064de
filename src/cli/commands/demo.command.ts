import type { Command } from 'commander';

import { runDemo } from '../../demo/run-demo.js';
import { commandContext, positiveInteger } from '../context.js';

interface DemoFlags {
  families: number;
  seed: number;
  concurrency: number;
  timeout: number;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('sandboxes, API and workers on a generated data set; prints what was found')
    .option('--families <n>', 'families to generate and submit', positiveInteger, 3000)
    .option('--seed <n>', 'seed of the data set', positiveInteger, 2026)
    .option('--concurrency <n>', 'submissions in flight', positiveInteger, 16)
    .option('--timeout <s>', 'seconds to wait for the checks', positiveInteger, 600)
    .action(async (options: DemoFlags) => {
      const { config, logger } = commandContext({ logsToStderr: true, quiet: true });
      const finished = await runDemo({
        config,
        logger,
        families: options.families,
        seed: options.seed,
        concurrency: options.concurrency,
        timeoutMs: options.timeout * 1000,
      });
      process.exitCode = finished ? 0 : 1;
    });
}
