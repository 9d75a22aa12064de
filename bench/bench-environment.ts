import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';


import { issueToken } from '../src/auth/issue-token.service.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import {
  databaseUrlOn,
  deleteKeysStartingWith,
  withPostgresServer,
} from '../src/runtime/scratch-resources.js';

const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Everything a run makes for itself: two databases, a Redis prefix, a folder of logs. */
export interface BenchEnvironment {
  databaseUrl: string;
  exchangeDatabaseUrl: string;
  redisUrl: string;
  /** Every Redis key of the run starts with this, the bare flow's included. */
  redisPrefix: string;
  logDir: string;
  submitter: { name: string; token: string };
}

/** Names of a run: unique, so two runs, the tests and the demo never meet. */
export function benchNames() {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return { database: `crosscheck_bench_${run}`, redisPrefix: `ccbench-${run}` };
}

/** A folder for the run's logs and data file; made first, so cleanup always knows it. */
export async function makeLogDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'crosscheck-bench-'));
}

export async function createBenchEnvironment(
  names: ReturnType<typeof benchNames>,
  logDir: string,
): Promise<BenchEnvironment> {
  const exchange = `${names.database}_exchange`;
  await withPostgresServer(SERVER_URL, async (client) => {
    await client.query(`CREATE DATABASE ${names.database}`);
    await client.query(`CREATE DATABASE ${exchange}`);
  });
  const databaseUrl = databaseUrlOn(SERVER_URL, names.database);
  await migrateToLatest(databaseUrl);

  return {
    databaseUrl,
    exchangeDatabaseUrl: databaseUrlOn(SERVER_URL, exchange),
    redisUrl: REDIS_URL,
    redisPrefix: names.redisPrefix,
    logDir,
    submitter: await issueSubmitter(databaseUrl),
  };
}

async function issueSubmitter(databaseUrl: string): Promise<{ name: string; token: string }> {
  const db = createDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    const name = 'bench-submitter';
    const issued = await issueToken(db, { name, role: 'submitter', area: 'CN' });
    return { name, token: issued.token };
  } finally {
    await db.destroy();
  }
}

/** Drops the run's databases, deletes its Redis keys and its logs; safe to call twice. */
export async function removeBenchEnvironment(
  names: ReturnType<typeof benchNames>,
  logDir: string | null,
): Promise<void> {
  await withPostgresServer(SERVER_URL, async (client) => {
    for (const name of [names.database, `${names.database}_exchange`]) {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
  await deleteKeysStartingWith(REDIS_URL, names.redisPrefix);
  if (logDir) await rm(logDir, { recursive: true, force: true });
}
