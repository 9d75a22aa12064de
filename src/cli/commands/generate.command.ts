import { once } from 'node:events';

import type { Command } from 'commander';

import { generateFamilies } from '../../dataset/generate-dataset.js';
import { positiveInteger } from '../context.js';

interface GenerateFlags {
  families: number;
  seed: number;
  referencePrefix?: string;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write generated declared families to stdout, one JSON object per line')
    .option('--families <n>', 'families to generate', positiveInteger, 1000)
    .option('--seed <n>', 'seed of the data set', positiveInteger, 1)
    .option('--reference-prefix <text>', 'start of every reference (default GEN<seed>-)')
    .action(async (options: GenerateFlags) => {
      const families = generateFamilies({
        seed: options.seed,
        families: options.families,
        referencePrefix: options.referencePrefix,
      });
      for await (const generated of families) {
        // Waits for stdout to drain, so a large file is never held in memory.
        if (!process.stdout.write(`${JSON.stringify(generated.family)}\n`)) {
          await once(process.stdout, 'drain');
        }
      }
    });
}
