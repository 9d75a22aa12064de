#!/usr/bin/env node
import { Command } from 'commander';

import { registerCasebook } from './commands/casebook.command.js';
import { registerDemo } from './commands/demo.command.js';
import { registerGenerate } from './commands/generate.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerPurge } from './commands/purge.command.js';
import { registerRecheck } from './commands/recheck.command.js';
import { registerSandboxes } from './commands/sandboxes.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerToken } from './commands/token.command.js';
import { registerSubmit } from './commands/submit.command.js';
import { registerWork } from './commands/work.command.js';

const program = new Command('crosscheck')
  .description('Household economic-status cross-check against the departments\' records')
  .showHelpAfterError();

registerMigrate(program);
registerServe(program);
registerWork(program);
registerSandboxes(program);
registerDemo(program);
registerCasebook(program);
registerToken(program);
registerPurge(program);
registerGenerate(program);
registerSubmit(program);
registerRecheck(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
