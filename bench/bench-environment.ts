import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Redis } from 'ioredis';
import pg from 'pg';

import { issueToken } from '../src/auth/issue-token.service.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

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
  await withServer(async (client) => {
    await client.query(`CREATE DATABASE ${names.database}`);
    await client.query(`CREATE DATABASE ${exchange}`);
  });
  const databaseUrl = urlForDatabase(names.database);
  await migrateToLatest(databaseUrl);

  return {
    databaseUrl,
    exchangeDatabaseUrl: urlForDatabase(exchange),
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
  await withServer(async (client) => {
    for (const name of [names.database, `${names.database}_exchange`]) {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
  await deleteRedisKeys(names.redisPrefix);
  if (logDir) await rm(logDir, { recursive: true, force: true });
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function urlForDatabase(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withServer(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
