import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

import { migrateToLatest } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Migrated database of this run; test files that need their own copy it as a template. */
    databaseUrl: string;
    exchangeDatabaseUrl: string;
    /** Every database this run creates starts with this name, so teardown finds them all. */
    databasePrefix: string;
    redisUrl: string;
    redisPrefix: string;
  }
}

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Each run gets its own databases (the service's and the exchange's) and its
 * own Redis key prefix, and removes them when it ends.
 */
export default async function setup(project: TestProject) {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const database = `crosscheck_test_${run}`;
  const exchange = `${database}_exchange`;
  const prefix = `cc-test-${run}`;

  await withServer(async (client) => {
    await client.query(`CREATE DATABASE ${database}`);
    await client.query(`CREATE DATABASE ${exchange}`);
  });

  const databaseUrl = urlForDatabase(database);
  const teardown = async () => {
    await dropRunDatabases(database);
    await deleteRedisKeys(prefix);
  };
  await migrateToLatest(databaseUrl).catch(async (err: unknown) => {
    await teardown();
    throw err;
  });

  project.provide('databaseUrl', databaseUrl);
  project.provide('exchangeDatabaseUrl', urlForDatabase(exchange));
  project.provide('redisUrl', REDIS_URL);
  project.provide('redisPrefix', prefix);
  project.provide('databasePrefix', database);

  return teardown;
}

async function dropRunDatabases(database: string): Promise<void> {
  await withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [database],
    );
    for (const row of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    }
  });
}

export function urlForDatabase(name: string, server = SERVER_URL): string {
  const url = new URL(server);
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

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
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
