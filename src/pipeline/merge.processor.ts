import { type Job, UnrecoverableError } from 'bullmq';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment, MoneyTolerance } from '../../connectors/contract.js';
import { insertDiscrepancies } from '../checks/discrepancy.repository.js';
import {
  completeChecks,
  deleteDiscrepanciesOfChecks,
  findLookupOutcomesOfChecks,
  lockChecksByIds,
} from '../checks/lookup-group.repository.js';
import type { LookupOutcome } from '../checks/lookup.repository.js';
import type { Database, NewDiscrepancyRow } from '../db/schema.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import {
  type DepartmentOutcome,
  type ReportedDiscrepancy,
  evaluateFamily,
} from './evaluate-family.js';
import type { InFlightRegister } from './in-flight.js';
import { type CheckJobData, type Lane, checkJobData } from './queues.js';

export interface MergeProcessorDeps {
  db: Kysely<Database>;
  /** The pool of urgent merges; `db` without one. */
  urgentDb?: Kysely<Database>;
  /** The lane this processor serves. */
  lane: Lane;
  departments: readonly AnyDepartment[];
  tolerances: Record<string, MoneyTolerance>;
  logger: Logger;
  /** Where merged checks are crossed off as no longer in flight. */
  inFlight: InFlightRegister;
}

export type MergeResult = 'merged' | 'skipped';

/**
 * Applies the item rules to a group of checks whose every department has
 * answered or been given up on, and writes their discrepancies and end
 * states in one transaction, with a few multi-row statements. Checks already
 * merged, or with a lookup open again, are left as they are.
 */
export function createMergeProcessor(deps: MergeProcessorDeps) {
  return async (job: Job<CheckJobData>): Promise<MergeResult> => {
    const parsed = checkJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('merge job carries no valid check ids');
    return mergeGroup(deps, parsed.data.checkIds);
  };
}

/** The merge of a group, in one transaction; what a merge job does, also run without one. */
export async function mergeGroup(
  deps: MergeProcessorDeps,
  checkIds: readonly string[],
): Promise<MergeResult> {
  const db = deps.lane === 'urgent' && deps.urgentDb ? deps.urgentDb : deps.db;
  const { merged, finished } = await db.transaction().execute((trx) =>
    mergeChecks(deps, trx, checkIds));
  // Finished checks are never queued again whatever the register says; this only tidies it.
  await deps.inFlight.clear(finished).catch((err: unknown) => {
    deps.logger.debug({ err }, 'merged checks left in the in-flight register');
  });
  const discrepancies = merged.reduce((sum, m) => sum + m.discrepancies, 0);
  deps.logger.info(
    { checks: checkIds.length, merged: merged.length, discrepancies },
    'checks merged',
  );
  return merged.length > 0 ? 'merged' : 'skipped';
}

interface MergedCheck {
  checkId: string;
  status: 'complete' | 'partial';
  discrepancies: number;
}

async function mergeChecks(
  deps: MergeProcessorDeps,
  trx: Transaction<Database>,
  checkIds: readonly string[],
): Promise<{ merged: MergedCheck[]; finished: string[] }> {
  const locked = await lockChecksByIds(trx, checkIds);
  const finishedBefore = locked.filter((c) => c.status === 'complete' || c.status === 'partial');
  const unfinished = locked.filter((c) => c.status === 'queued' || c.status === 'running');
  const lookups = await findLookupOutcomesOfChecks(trx, unfinished.map((c) => c.id));

  const rows: NewDiscrepancyRow[] = [];
  const statuses = new Map<string, 'complete' | 'partial'>();
  const merged: MergedCheck[] = [];
  for (const check of unfinished) {
    const ofCheck = lookups.get(check.id) ?? [];
    if (ofCheck.some((l) => l.state === 'pending' || l.state === 'running')) continue;

    const outcomes = toDepartmentOutcomes(deps.departments, ofCheck);
    const found = evaluateFamily(check.family as DeclaredFamily, outcomes, deps.tolerances);
    const status = outcomes.some((o) => o.state === 'unavailable') ? 'partial' : 'complete';
    rows.push(...found.map((d, i) => toRow(check.id, check.area_code, i, d)));
    statuses.set(check.id, status);
    merged.push({ checkId: check.id, status, discrepancies: found.length });
  }

  // An unfinished check has no list unless a department is being asked again;
  // the new list replaces the old one whole, so no stale entry survives.
  await deleteDiscrepanciesOfChecks(trx, [...statuses.keys()]);
  await insertDiscrepancies(trx, rows);
  await completeChecks(trx, statuses);
  return { merged, finished: [...finishedBefore.map((c) => c.id), ...statuses.keys()] };
}

/**
 * Pairs each registered department with how its lookup ended. Stored answers
 * are validated again here: they are department data crossing into the rules.
 */
export function toDepartmentOutcomes(
  departments: readonly AnyDepartment[],
  lookups: readonly LookupOutcome[],
): DepartmentOutcome[] {
  const byName = new Map(lookups.map((l) => [l.department, l]));
  return departments.flatMap((department): DepartmentOutcome[] => {
    const lookup = byName.get(department.name);
    if (!lookup) return [];
    const answeredAt = lookup.answeredAt;
    if (lookup.state !== 'answered') return [{ department, state: 'unavailable', answeredAt }];

    const records = department.records.safeParse(lookup.records);
    if (!records.success) return [{ department, state: 'unavailable', answeredAt }];
    return [{ department, state: 'answered', records: records.data, answeredAt }];
  });
}

function toRow(
  checkId: string,
  areaCode: string,
  position: number,
  d: ReportedDiscrepancy,
): NewDiscrepancyRow {
  return {
    check_id: checkId,
    position,
    area_code: areaCode,
    item: d.item,
    kind: d.kind,
    member_id_number: d.member,
    declared: d.declared === null ? null : JSON.stringify(d.declared),
    found: d.found === null ? null : JSON.stringify(d.found),
    department: d.department,
    answered_at: d.answeredAt,
  };
}
