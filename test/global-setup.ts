import { randomBytes } from 'node:crypto';

import type { TestProject } from 'vitest/node';

import { migrateToLatest } from '../src/db/migrate.js';
import {
  databaseUrlOn,
  deleteKeysStartingWith,
  withPostgresServer,
} from '../src/runtime/scratch-resources.js';

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

  await withPostgresServer(SERVER_URL, async (client) => {
    await client.query(`CREATE DATABASE ${database}`);
    await client.query(`CREATE DATABASE ${exchange}`);
  });

  const databaseUrl = databaseUrlOn(SERVER_URL, database);
  const teardown = async () => {
    await dropRunDatabases(database);
    await deleteKeysStartingWith(REDIS_URL, prefix);
  };
  await migrateToLatest(databaseUrl).catch(async (err: unknown) => {
    await teardown();
    throw err;
  });

  project.provide('databaseUrl', databaseUrl);
  project.provide('exchangeDatabaseUrl', databaseUrlOn(SERVER_URL, exchange));
  project.provide('redisUrl', REDIS_URL);
  project.provide('redisPrefix', prefix);
  project.provide('databasePrefix', database);

  return teardown;
}

async function dropRunDatabases(database: string): Promise<void> {
  await withPostgresServer(SERVER_URL, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [database],
    );
    for (const row of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    }
  });
}
