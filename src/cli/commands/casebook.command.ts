import path from 'node:path';

import type { Command } from 'commander';

import { readCaseFiles } from '../../casebook/case-file.js';
import { runCasebook } from '../../casebook/run-casebook.js';
import { startLocalStack } from '../../runtime/local-stack.js';
import { commandContext } from '../context.js';
import { print } from '../output.js';

/**
 * Departments in the case book give up quickly: a case with a department
 * down should not wait out the production retry budget.
 */
export const CASEBOOK_DEPARTMENT_SETTINGS = { attempts: 2, backoffMs: 50, timeoutMs: 3000 };

export function registerCasebook(program: Command): void {
  program
    .command('casebook')
    .argument('<dir>', 'folder of case files (*.json)')
    .description('run every case of a folder through the API and workers')
    .action(async (dir: string) => {
      const { config, logger } = commandContext({ logsToStderr: true, quiet: true });
      const cases = await readCaseFiles(path.resolve(dir));
      const stack = await startLocalStack({
        config,
        logger,
        departmentOverrides: CASEBOOK_DEPARTMENT_SETTINGS,
      });

      const results = await runCasebook(stack, cases, (result) => {
        print(`${result.passed ? 'pass' : 'FAIL'} ${result.id}: ${result.detail}`);
      }).finally(() => stack.close());

      const failed = results.filter((r) => !r.passed).length;
      print(`${results.length - failed} passed, ${failed} failed`);
      process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
    });
}
