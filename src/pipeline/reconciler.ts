import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import { type CheckKey, findUnfinishedChecks } from '../checks/check.repository.js';
import { findOpenLookupDepartments } from '../checks/lookup.repository.js';
import type { AnyDepartment } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import { type CheckQueues, enqueueLookups, enqueueMerge } from './queues.js';

export interface ReconcilerDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  logger: Logger;
  /** Checks younger than this are left alone: their submitter is still queueing them. */
  reconcileGraceMs?: number;
}

const DEFAULT_GRACE_MS = 5_000;
const PAGE = 500;

/**
 * Queues again every unfinished check from PostgreSQL, the system of record.
 * Job ids are the check ids, so a check whose jobs are still in Redis gets
 * nothing new; one whose jobs were lost gets them back.
 */
export async function reconcileUnfinishedChecks(deps: ReconcilerDeps): Promise<number> {
  const before = new Date(Date.now() - (deps.reconcileGraceMs ?? DEFAULT_GRACE_MS));
  let requeued = 0;
  let after: CheckKey | null = null;
  for (;;) {
    const page = await findUnfinishedChecks(deps.db, { before, after, limit: PAGE });
    for (const check of page) await requeueCheck(deps, check.id);
    requeued += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1] ?? null;
  }
  if (requeued > 0) deps.logger.info({ checks: requeued }, 'unfinished checks queued again');
  return requeued;
}

async function requeueCheck(deps: ReconcilerDeps, checkId: string): Promise<void> {
  const open = new Set(await findOpenLookupDepartments(deps.db, checkId));
  if (open.size === 0) {
    await enqueueMerge(deps.queues, checkId);
    return;
  }
  // A lookup that waits for another still open is queued when that one ends.
  const ready = deps.departments.filter((d) => {
    const waitsFor = d.alsoAsksAbout?.department;
    return open.has(d.name) && !(waitsFor && open.has(waitsFor));
  });
  await enqueueLookups(deps.queues, checkId, ready.map((d) => d.name), deps.settings);
}

/** Runs the reconciler now and then every `everyMs`, until stopped. */
export function startReconciler(deps: ReconcilerDeps, everyMs: number): { stop(): void } {
  let running = false;
  const run = () => {
    // A pass slowed by a database that is away must not be joined by the next.
    if (running) return;
    running = true;
    reconcileUnfinishedChecks(deps)
      .catch((err: unknown) => {
        deps.logger.warn({ err }, 'reconcile failed, will try again');
      })
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
