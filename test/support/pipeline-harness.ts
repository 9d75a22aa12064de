import type { Kysely } from 'kysely';

import type { AnyDepartment } from '../../connectors/contract.js';
import { departments as registeredDepartments } from '../../connectors/registry.js';
import { submitCheck } from '../../src/checks/submit-check.service.js';
import { CASEBOOK_DEPARTMENT_SETTINGS } from '../../src/cli/commands/casebook.command.js';
import type { Config, DepartmentSettings } from '../../src/config.js';
import { createDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import type { DeclaredFamily } from '../../src/domain/declared-family.js';
import { type CheckQueues, createCheckQueues } from '../../src/pipeline/queues.js';
import { type RunningWorkers, type WorkerDeps, startWorkers } from '../../src/pipeline/workers.js';
import { sandboxSettings } from '../../src/runtime/local-stack.js';
import {
  type RunningSandboxes,
  startSandboxes,
  stopSandboxes,
} from '../../src/runtime/sandboxes.js';
import { silentLogger } from './logger.js';
import { isolatedConfig } from './stack.js';

/**
 * The pipeline without the API: sandboxes, the database, the queues, and
 * workers only when a test starts them, so a test can do something to the
 * queued work before any worker sees it, or run the workers elsewhere.
 */
export interface PipelineHarness {
  config: Config;
  db: Kysely<Database>;
  queues: CheckQueues;
  sandboxes: RunningSandboxes;
  departments: readonly AnyDepartment[];
  /** Each department's settings, pointed at its sandbox. */
  settings: Record<string, DepartmentSettings>;
  /** Stores and queues families the way the API does; returns their check ids. */
  submit(families: readonly DeclaredFamily[], submitter: string): Promise<string[]>;
  startWorkers(changes?: Partial<WorkerDeps>): RunningWorkers;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** A configuration of the test's own; an isolated one by default. */
  config?: Config;
  overrides?: Partial<DepartmentSettings>;
}

export async function startPipelineHarness(options: HarnessOptions = {}): Promise<PipelineHarness> {
  const config = options.config ?? (await isolatedConfig());
  const departments = registeredDepartments;
  const sandboxes = await startSandboxes({
    departments,
    host: '127.0.0.1',
    ports: 'free',
    exchangeDatabaseUrl: config.exchangeDatabaseUrl,
    logger: silentLogger,
  });
  const settings = sandboxSettings(
    config,
    sandboxes,
    options.overrides ?? CASEBOOK_DEPARTMENT_SETTINGS,
  );
  const db = createDatabase({ url: config.databaseUrl });
  const redis = { url: config.redisUrl, prefix: config.redisPrefix };
  const queues = createCheckQueues(redis, departments.map((d) => d.name));
  const running: RunningWorkers[] = [];
  const deps = { db, queues, departments, settings, logger: silentLogger };

  return {
    config, db, queues, sandboxes, departments, settings,
    submit: (families, submitter) => submitAll(deps, families, submitter),
    startWorkers(changes = {}) {
      const workers = startWorkers({
        ...deps, redis, tolerances: config.tolerances, reconcileEveryMs: 60_000, ...changes,
      });
      running.push(workers);
      return workers;
    },
    async close() {
      await Promise.all(running.map((w) => w.close()));
      await queues.close();
      await stopSandboxes(sandboxes);
      await db.destroy();
    },
  };
}

async function submitAll(
  deps: Parameters<typeof submitCheck>[0],
  families: readonly DeclaredFamily[],
  submitter: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const family of families) ids.push((await submitCheck(deps, submitter, family)).id);
  return ids;
}
