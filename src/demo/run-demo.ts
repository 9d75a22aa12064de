import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Logger } from 'pino';

import { uploadBatch } from '../batches/upload-batch.js';
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

    // Most families go as one batch, as a city's yearly re-check would; a few
    // go one by one meanwhile, as families at a desk would.
    const started = Date.now();
    const alone = dataset.families.slice(0, Math.min(ON_THEIR_OWN, dataset.families.length));
    const batch = dataset.families.slice(alone.length);
    const [inBatch, single] = await Promise.all([
      sendBatch(stack, batch),
      submitAll(client, alone, options.concurrency),
    ]);
    const accepted = inBatch + single;
    print(`submitted ${accepted} families in ${seconds(Date.now() - started)}: ` +
      `${inBatch} as one batch, ${single} on their own`);

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
  const loaded = `${stack.sandboxes.size} department sandboxes loaded`;
  print(`${loaded}; API at ${stack.baseUrl} (docs at /docs)`);
  return dataset;
}

/** Families submitted one by one while the batch goes. */
const ON_THEIR_OWN = 20;

/** Sends the families through POST /v1/batches as NDJSON; returns how many it holds checks of. */
async function sendBatch(stack: LocalStack, families: readonly DeclaredFamily[]): Promise<number> {
  if (families.length === 0) return 0;
  const folder = await mkdtemp(path.join(tmpdir(), 'crosscheck-demo-'));
  try {
    const file = path.join(folder, 'families.ndjson');
    await writeFile(file, families.map((f) => `${JSON.stringify(f)}\n`).join(''));
    const answer = await uploadBatch(
      { api: stack.baseUrl, token: stack.tokens.submitter },
      file,
      () => undefined,
    );
    const receipt = answer.body as { accepted?: number; repeated?: number; rejected?: number };
    if (answer.status !== 202 || receipt.rejected !== 0 || receipt.accepted === undefined) {
      throw new Error(`the generated batch was refused: ${JSON.stringify(answer.body)}`);
    }
    // A family sent before under the same reference is the check it already has.
    return receipt.accepted + (receipt.repeated ?? 0);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
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
