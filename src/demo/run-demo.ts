import type { Logger } from 'pino';

import { ApiClient } from '../casebook/api-client.js';
import { print } from '../cli/output.js';
import type { Config } from '../config.js';
import { type Dataset, generateDataset } from '../dataset/generate-dataset.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import { type LocalStack, startLocalStack } from '../runtime/local-stack.js';
import { loadSandboxes } from '../runtime/sandboxes.js';
import { DEMO_FAULTS } from './demo-faults.js';
import { printReport } from './print-report.js';
import { countChecksByStatus } from './demo-report.js';

export interface DemoOptions {
  config: Config;
  logger: Logger;
  families: number;
  seed: number;
  /** Submissions in flight at once. */
  concurrency: number;
  /** Give up waiting for the checks after this long. */
  timeoutMs: number;
}

/**
 * The main job end to end: departments with a generated data set, families
 * submitted through the API, checks followed to their end, results printed.
 * Returns true when every check finished.
 */
export async function runDemo(options: DemoOptions): Promise<boolean> {
  const stack = await startLocalStack({ config: options.config, logger: options.logger });
  try {
    const dataset = await prepareDepartments(stack, options);
    const submitter = stack.submitter;
    const client = new ApiClient(stack.baseUrl, stack.tokens.submitter);

    const started = Date.now();
    const accepted = await submitAll(client, dataset.families, options.concurrency);
    print(`submitted ${accepted} families in ${seconds(Date.now() - started)}`);

    const finished = await waitForChecks(stack, submitter, accepted, options.timeoutMs);
    print(`checks finished in ${seconds(Date.now() - started)}`);
    await printReport(stack, submitter, dataset);
    return finished;
  } finally {
    await stack.close();
  }
}

async function prepareDepartments(stack: LocalStack, options: DemoOptions): Promise<Dataset> {
  print(`generating ${options.families} families (seed ${options.seed})`);
  const dataset = await generateDataset({ seed: options.seed, families: options.families });
  await loadSandboxes(stack.sandboxes, stack.departments, dataset.departments);
  for (const [name, sandbox] of stack.sandboxes) sandbox.setFaults(DEMO_FAULTS[name] ?? {});
  print(`eight department sandboxes loaded; API at ${stack.baseUrl} (docs at /docs)`);
  return dataset;
}

async function submitAll(
  client: ApiClient,
  families: readonly DeclaredFamily[],
  concurrency: number,
): Promise<number> {
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    while (next < families.length) {
      const family = families[next++];
      const answer = await client.submit(family);
      if (answer.status === 202 || answer.status === 200) accepted += 1;
      else throw new Error(`a generated family was refused: ${JSON.stringify(answer.body)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return accepted;
}

async function waitForChecks(
  stack: LocalStack,
  submitter: string,
  expected: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastLine = '';
  for (;;) {
    const counts = await countChecksByStatus(stack.db, submitter);
    const done = (counts.complete ?? 0) + (counts.partial ?? 0);
    const line = `  ${done}/${expected} checks finished (${counts.partial ?? 0} partial)`;
    if (line !== lastLine) print(line);
    lastLine = line;
    if (done >= expected) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
