import { randomBytes } from 'node:crypto';

import pg from 'pg';
import type { Logger } from 'pino';
import { inject } from 'vitest';

import { departments } from '../../connectors/registry.js';
import { CASEBOOK_DEPARTMENT_SETTINGS } from '../../src/cli/commands/casebook.command.js';
import { type Config, type DepartmentSettings, loadConfig } from '../../src/config.js';
import { type LocalStack, startLocalStack } from '../../src/runtime/local-stack.js';
import { silentLogger } from './logger.js';

/**
 * A database pair and a Redis prefix of a test file's own: the migrated
 * database of the run is copied as a template, so files running in parallel
 * never see each other's checks, exchange tables or jobs.
 */
export async function isolatedConfig(): Promise<Config> {
  const suffix = randomBytes(3).toString('hex');
  const template = new URL(inject('databaseUrl'));
  const database = `${inject('databasePrefix')}_${suffix}`;
  const exchange = `${database}_exchange`;

  const admin = new URL(template);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${database} TEMPLATE ${template.pathname.slice(1)}`);
    await client.query(`CREATE DATABASE ${exchange}`);
  } finally {
    await client.end();
  }

  return loadConfig(departments, {
    DATABASE_URL: withDatabase(template, database),
    EXCHANGE_DATABASE_URL: withDatabase(template, exchange),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `${inject('redisPrefix')}-${suffix}`,
    LOG_LEVEL: 'silent',
  });
}

function withDatabase(server: URL, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Sandboxes, API and workers in this process on the file's own database and
 * prefix; silent unless a test passes the logger it wants to read.
 */
export async function startTestStack(
  overrides: Partial<DepartmentSettings> = CASEBOOK_DEPARTMENT_SETTINGS,
  logger: Logger = silentLogger,
): Promise<LocalStack> {
  const config = await isolatedConfig();
  return startLocalStack({ config, logger, departmentOverrides: overrides });
}
