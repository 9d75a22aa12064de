#!/usr/bin/env node
import { Command } from 'commander';

import { registerCasebook } from './commands/casebook.command.js';
import { registerDemo } from './commands/demo.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerSandboxes } from './commands/sandboxes.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerWork } from './commands/work.command.js';

const program = new Command('crosscheck')
  .description('Household economic-status cross-check against eight departments')
  .showHelpAfterError();

registerMigrate(program);
registerServe(program);
registerWork(program);
registerSandboxes(program);
registerDemo(program);
registerCasebook(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
