import { parseArgs } from 'node:util';

import pino from 'pino';

import { departments } from '../connectors/registry.js';
import { generateDepartmentRecords } from '../src/dataset/generate-dataset.js';
import { loadSandboxes, startSandboxes, stopSandboxes } from '../src/runtime/sandboxes.js';
import { shutdownOnSignals } from '../src/runtime/shutdown.js';

/**
 * The bench's sandboxes, in a process of their own: the eight departments on
 * free ports of 127.0.0.1 (never the fixed ones a demo may hold), loaded with
 * the bench's data set and answering after the same latency, with no errors
 * and no rate limit. Prints one JSON line, `{ "urls": { department: url } }`,
 * once every sandbox answers, and runs until SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      families: { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
    },
  });
  const exchangeDatabaseUrl = process.env.EXCHANGE_DATABASE_URL;
  if (!exchangeDatabaseUrl) throw new Error('EXCHANGE_DATABASE_URL is required');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));

  const sandboxes = await startSandboxes({
    departments,
    host: '127.0.0.1',
    ports: 'free',
    exchangeDatabaseUrl,
    logger,
  });
  shutdownOnSignals([{ name: 'sandboxes', run: () => stopSandboxes(sandboxes) }], logger);

  // Only the departments' records are kept, and each department's raw set is
  // let go once its sandbox holds it, so that memory follows what they hold.
  const records: Partial<Record<string, unknown>> = await generateDepartmentRecords({
    seed: Number(values.seed),
    families: Number(values.families),
  });
  for (const department of departments) {
    await loadSandboxes(sandboxes, [department], records);
    records[department.name] = undefined;
  }
  const latencyMs = Number(values['latency-ms']);
  for (const sandbox of sandboxes.values()) {
    sandbox.setFaults({ latencyMs, errorRate: 0, ratePerSecond: null, down: false });
  }

  const urls = Object.fromEntries([...sandboxes].map(([name, sandbox]) => [name, sandbox.url]));
  process.stdout.write(`${JSON.stringify({ urls })}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
