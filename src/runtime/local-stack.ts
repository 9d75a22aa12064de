import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import { departments as registeredDepartments } from '../../connectors/registry.js';
import { type App, appOptionsFrom, buildApp } from '../api/app.js';
import type { Config, DepartmentSettings } from '../config.js';
import { createDatabase } from '../db/database.js';
import { ensureDatabase } from '../db/ensure-database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database, Role } from '../db/schema.js';
import { issueToken } from '../auth/issue-token.service.js';
import { revokeTokenById } from '../auth/token.repository.js';
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
  /** Tokens of the whole country for each role, revoked when the stack closes. */
  tokens: StackTokens;
  /** The submitter name the stack's submitter token carries. */
  submitter: string;
  close(): Promise<void>;
}

export interface StackTokens {
  submitter: string;
  caseworker: string;
  operator: string;
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
    retentionDays: config.retentionDays,
  });
  // The demo and the case book submit and poll under one token as fast as
  // they can; the per-token rate limit would only slow them down.
  const app = await buildApp(
    { db, queues, divisions, departments, settings, logger },
    { ...appOptionsFrom(config), rateLimitPerMinute: null },
  );
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const issued = await issueStackTokens(db);

  const close = async () => {
    await shutdown([
      { name: 'tokens', run: () => revokeStackTokens(db, issued.ids) },
      { name: 'api', run: () => app.close() },
      { name: 'workers', run: () => workers.close() },
      { name: 'queues', run: () => queues.close() },
      { name: 'sandboxes', run: () => stopSandboxes(sandboxes) },
      { name: 'database', run: () => db.destroy() },
    ], logger, 30_000);
  };
  return {
    baseUrl, app, db, queues, sandboxes, departments, close,
    tokens: issued.tokens,
    submitter: issued.submitter,
  };
}

/** One token per role for this stack, under names no other run shares. */
async function issueStackTokens(db: Kysely<Database>) {
  const run = randomBytes(4).toString('hex');
  const issue = (role: Role) => issueToken(db, { name: `local-${role}-${run}`, role, area: 'CN' });
  const [submitter, caseworker, operator] = await Promise.all(
    (['submitter', 'caseworker', 'operator'] as const).map(issue),
  );
  if (!submitter || !caseworker || !operator) throw new Error('stack tokens were not issued');
  return {
    tokens: { submitter: submitter.token, caseworker: caseworker.token, operator: operator.token },
    ids: [submitter.id, caseworker.id, operator.id],
    submitter: `local-submitter-${run}`,
  };
}

async function revokeStackTokens(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  for (const id of ids) await revokeTokenById(db, id);
}

/** Each department's settings, pointed at its running sandbox, with overrides applied. */
export function sandboxSettings(
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
