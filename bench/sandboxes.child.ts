import { parseArgs } from 'node:util';

import pino from 'pino';

import { departments } from '../connectors/registry.js';
import {
  type DepartmentRecordSets,
  generateDepartmentRecords,
} from '../src/dataset/generate-dataset.js';
import { loadSandboxes, startSandboxes, stopSandboxes } from '../src/runtime/sandboxes.js';
import { shutdownOnSignals } from '../src/runtime/shutdown.js';

/**
 * One department's sandbox for the bench, in a process of its own as the
 * department would be: on a free port of 127.0.0.1 (never the fixed one a
 * demo may hold), holding its part of the bench's data set and answering
 * after the bench's latency, with no errors and no rate limit. Prints one
 * JSON line, `{ "urls": { department: url } }`, once it answers, and runs
 * until SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      families: { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      department: { type: 'string' },
    },
  });
  const department = departments.find((d) => d.name === values.department);
  if (!department) throw new Error(`--department must name one of the eight departments`);
  const exchangeDatabaseUrl = process.env.EXCHANGE_DATABASE_URL;
  if (!exchangeDatabaseUrl) throw new Error('EXCHANGE_DATABASE_URL is required');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));

  const sandboxes = await startSandboxes({
    departments: [department],
    host: '127.0.0.1',
    ports: 'free',
    exchangeDatabaseUrl,
    logger,
  });
  shutdownOnSignals([{ name: 'sandboxes', run: () => stopSandboxes(sandboxes) }], logger);

  const records = await generateDepartmentRecords({
    seed: Number(values.seed),
    families: Number(values.families),
  }, [department.name as keyof DepartmentRecordSets]);
  await loadSandboxes(sandboxes, [department], records);
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
