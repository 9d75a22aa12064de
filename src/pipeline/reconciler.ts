import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import { type CheckKey, findUnfinishedChecks } from '../checks/check.repository.js';
import { findOpenLookupDepartmentsOf } from '../checks/lookup.repository.js';
import type { AnyDepartment } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import {
  type CheckQueues,
  LANES,
  type Lane,
  enqueueLookups,
  enqueueMerge,
} from './queues.js';

export interface ReconcilerDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  logger: Logger;
  /** Checks younger than this are left alone: their submitter is still queueing them. */
  reconcileGraceMs?: number;
  /** Work queued longer ago than this, and still unfinished, is taken as lost. */
  inFlightLeaseMs?: number;
}

const DEFAULT_GRACE_MS = 5_000;
const DEFAULT_LEASE_MS = 2 * 60 * 60_000;
const PAGE = 500;

/**
 * Queues again the unfinished checks of PostgreSQL, the system of record,
 * whose work Redis no longer holds: after Redis lost its data, every one of
 * them. A check waiting its turn behind a batch is left alone. Lost checks
 * are queued in groups, as a batch's are.
 */
export async function reconcileUnfinishedChecks(deps: ReconcilerDeps): Promise<number> {
  const before = new Date(Date.now() - (deps.reconcileGraceMs ?? DEFAULT_GRACE_MS));
  const leaseMs = deps.inFlightLeaseMs ?? DEFAULT_LEASE_MS;
  let requeued = 0;
  let after: CheckKey | null = null;
  for (;;) {
    const page = await findUnfinishedChecks(deps.db, { before, after, limit: PAGE });
    const lost = new Set(await deps.queues.inFlight.lost(page.map((c) => c.id), leaseMs));
    // Each goes back to the lane it came by.
    for (const lane of LANES) {
      const ids = page
        .filter((c) => lost.has(c.id) && (c.fromBatch ? 'bulk' : 'urgent') === lane)
        .map((c) => c.id);
      await requeueChecks(deps, ids, lane);
    }
    requeued += lost.size;
    if (page.length < PAGE) break;
    after = page[page.length - 1] ?? null;
  }
  if (requeued > 0) deps.logger.info({ checks: requeued }, 'unfinished checks queued again');
  return requeued;
}

/** Queues each check's next step: the lookups it can start now, or its merge. */
async function requeueChecks(
  deps: ReconcilerDeps,
  checkIds: readonly string[],
  lane: Lane,
): Promise<void> {
  const open = await findOpenLookupDepartmentsOf(deps.db, checkIds);
  const toMerge: string[] = [];
  const byDepartments = new Map<string, { departments: string[]; checkIds: string[] }>();
  for (const checkId of checkIds) {
    const openOfCheck = new Set(open.get(checkId) ?? []);
    if (openOfCheck.size === 0) {
      toMerge.push(checkId);
      continue;
    }
    // A lookup that waits for another still open is queued when that one ends.
    const ready = deps.departments
      .filter((d) => {
        const waitsFor = d.alsoAsksAbout?.department;
        return openOfCheck.has(d.name) && !(waitsFor && openOfCheck.has(waitsFor));
      })
      .map((d) => d.name);
    const key = ready.join(',');
    const same = byDepartments.get(key) ?? { departments: ready, checkIds: [] };
    same.checkIds.push(checkId);
    byDepartments.set(key, same);
  }
  if (toMerge.length > 0) await enqueueMerge(deps.queues, toMerge, lane);
  for (const { departments, checkIds: ids } of byDepartments.values()) {
    await enqueueLookups(deps.queues, ids, departments, deps.settings, lane);
  }
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
