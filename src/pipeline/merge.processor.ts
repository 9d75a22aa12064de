import { type Job, UnrecoverableError } from 'bullmq';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment, MoneyTolerance } from '../../connectors/contract.js';
import { completeCheck, lockCheckById } from '../checks/check.repository.js';
import { insertDiscrepancies } from '../checks/discrepancy.repository.js';
import { type LookupOutcome, findLookupOutcomes } from '../checks/lookup.repository.js';
import type { Database, NewDiscrepancyRow } from '../db/schema.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import {
  type DepartmentOutcome,
  type ReportedDiscrepancy,
  evaluateFamily,
} from './evaluate-family.js';
import { type CheckJobData, checkJobData } from './queues.js';

export interface MergeProcessorDeps {
  db: Kysely<Database>;
  departments: readonly AnyDepartment[];
  tolerances: Record<string, MoneyTolerance>;
  logger: Logger;
}

export type MergeResult = 'merged' | 'skipped';

/**
 * Applies the item rules once every department has answered or been given
 * up on, and writes the discrepancies and the check's end state in one
 * transaction. A check already merged is left as it is.
 */
export function createMergeProcessor(deps: MergeProcessorDeps) {
  return async (job: Job<CheckJobData>): Promise<MergeResult> => {
    const parsed = checkJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('merge job carries no valid check id');
    const { checkId } = parsed.data;

    const outcome = await deps.db.transaction().execute((trx) => mergeCheck(deps, trx, checkId));
    deps.logger.info({ checkId, ...outcome }, 'check merged');
    return outcome.result;
  };
}

interface MergeOutcome {
  result: MergeResult;
  status?: 'complete' | 'partial';
  discrepancies?: number;
}

async function mergeCheck(
  deps: MergeProcessorDeps,
  trx: Transaction<Database>,
  checkId: string,
): Promise<MergeOutcome> {
  const check = await lockCheckById(trx, checkId);
  if (!check || check.status === 'complete' || check.status === 'partial') {
    return { result: 'skipped' };
  }
  const lookups = await findLookupOutcomes(trx, checkId);
  if (lookups.some((l) => l.state === 'pending' || l.state === 'running')) {
    return { result: 'skipped' };
  }

  const family = check.family as DeclaredFamily;
  const outcomes = toDepartmentOutcomes(deps.departments, lookups);
  const found = evaluateFamily(family, outcomes, deps.tolerances);
  const status = outcomes.some((o) => o.state === 'unavailable') ? 'partial' : 'complete';

  await insertDiscrepancies(trx, found.map((d, i) => toRow(checkId, check.area_code, i, d)));
  await completeCheck(trx, checkId, status);
  return { result: 'merged', status, discrepancies: found.length };
}

/**
 * Pairs each registered department with how its lookup ended. Stored answers
 * are validated again here: they are department data crossing into the rules.
 */
function toDepartmentOutcomes(
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
