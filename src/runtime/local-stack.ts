import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import { departments as registeredDepartments } from '../../connectors/registry.js';
import { type App, buildApp } from '../api/app.js';
import type { Config, DepartmentSettings } from '../config.js';
import { createDatabase } from '../db/database.js';
import { ensureDatabase } from '../db/ensure-database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { loadDivisionIndex } from '../divisions/division-index.js';
import { type CheckQueues, createCheckQueues } from '../pipeline/queues.js';
import { type RunningWorkers, startWorkers } from '../pipeline/workers.js';
import { type RunningSandboxes, startSandboxes, stopSandboxes } from './sandboxes.js';
import { shutdown } from './shutdown.js';

export interface LocalStackOptions {
  config: Config;
  logger: Logger;
  departments?: readonly AnyDepartment[];
  /** Changes to every department's settings, e.g. quicker retries for the case book. */
  departmentOverrides?: Partial<DepartmentSettings>;
}

/**
 * Sandboxes, API and workers in one process against the configured
 * PostgreSQL and Redis: what the demo, the case book and the end-to-end
 * tests run. The API listens on a free port of 127.0.0.1.
 */
export interface LocalStack {
  baseUrl: string;
  app: App;
  db: Kysely<Database>;
  queues: CheckQueues;
  sandboxes: RunningSandboxes;
  departments: readonly AnyDepartment[];
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config, logger } = options;
  const departments = options.departments ?? registeredDepartments;

  await ensureDatabase(config.databaseUrl);
  await ensureDatabase(config.exchangeDatabaseUrl);
  await migrateToLatest(config.databaseUrl);
  const divisions = await loadDivisionIndex();

  const sandboxes = await startSandboxes({
    departments,
    host: '127.0.0.1',
    ports: 'free',
    exchangeDatabaseUrl: config.exchangeDatabaseUrl,
    logger,
  });
  const settings = sandboxSettings(config, sandboxes, options.departmentOverrides);

  const db = createDatabase({ url: config.databaseUrl, poolSize: 20 });
  const redis = { url: config.redisUrl, prefix: config.redisPrefix };
  const queues = createCheckQueues(redis, departments.map((d) => d.name));
  const workers: RunningWorkers = startWorkers({
    db, queues, redis, departments, settings, logger,
    tolerances: config.tolerances,
    reconcileEveryMs: config.reconcileEveryMs,
  });
  const app = await buildApp({ db, queues, divisions, departments, settings, logger });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  const close = async () => {
    await shutdown([
      { name: 'api', run: () => app.close() },
      { name: 'workers', run: () => workers.close() },
      { name: 'queues', run: () => queues.close() },
      { name: 'sandboxes', run: () => stopSandboxes(sandboxes) },
      { name: 'database', run: () => db.destroy() },
    ], logger, 30_000);
  };
  return { baseUrl, app, db, queues, sandboxes, departments, close };
}

function sandboxSettings(
  config: Config,
  sandboxes: RunningSandboxes,
  overrides: Partial<DepartmentSettings> = {},
): Record<string, DepartmentSettings> {
  const settings: Record<string, DepartmentSettings> = {};
  for (const [name, sandbox] of sandboxes) {
    const configured = config.departments[name];
    if (!configured) throw new Error(`no settings for department ${name}`);
    settings[name] = { ...configured, ...overrides, url: sandbox.url };
  }
  return settings;
}
