import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import {
  deleteDiscrepanciesOfCheck,
  findPartialChecksMissingDepartment,
  lockCheckById,
  reopenPartialCheck,
} from '../checks/check.repository.js';
import { reopenEndedLookups, reopenUnavailableLookup } from '../checks/lookup.repository.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import { type CheckQueues, enqueueLookups } from './queues.js';
import { departmentsWaitingFor } from './related-persons.js';

export interface RecheckDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  logger: Logger;
}

/** A department name the registry does not know. */
export class UnknownDepartmentError extends Error {
  constructor(readonly department: string) {
    super(`no department is called ${department}`);
    this.name = 'UnknownDepartmentError';
  }
}

const PAGE = 200;

/**
 * Asks a department again about every partial check it was given up on,
 * once it is back: each such check returns to running without its
 * discrepancies, the lookup is queued, and when it answers the merge writes
 * the check's list again. Returns how many checks were reopened.
 */
export async function recheckDepartment(deps: RecheckDeps, department: string): Promise<number> {
  if (!deps.departments.some((d) => d.name === department)) {
    throw new UnknownDepartmentError(department);
  }

  let reopened = 0;
  let afterId: string | null = null;
  for (;;) {
    const page = await findPartialChecksMissingDepartment(deps.db, department, {
      afterId,
      limit: PAGE,
    });
    const ids: string[] = [];
    for (const checkId of page) {
      if (await reopenCheck(deps, checkId, department)) ids.push(checkId);
    }
    // Nobody waits at a desk for these: they are asked again in groups, in the bulk lane.
    await enqueueLookups(deps.queues, ids, [department], deps.settings, 'bulk')
      .catch((err: unknown) => {
        const checks = ids.length;
        deps.logger.warn({ err, checks }, 'checks reopened but not queued; reconciler will');
      });
    reopened += ids.length;
    if (page.length < PAGE) break;
    afterId = page[page.length - 1] ?? null;
  }

  deps.logger.info({ department, checks: reopened }, 'department asked again');
  return reopened;
}

/**
 * One transaction per check, under the check's row lock so no merge runs
 * meanwhile: the lookup back to pending (attempts kept), lookups that depend
 * on its answer with it, the check back to running, its list removed. The
 * caller queues the lookups of a page of reopened checks after their commits;
 * should that fail, the reconciler queues them, since they are unfinished in
 * PostgreSQL.
 */
async function reopenCheck(
  deps: RecheckDeps,
  checkId: string,
  department: string,
): Promise<boolean> {
  const dependants = departmentsWaitingFor(deps.departments, department).map((d) => d.name);
  const reopened = await deps.db.transaction().execute(async (trx) => {
    const check = await lockCheckById(trx, checkId);
    if (check?.status !== 'partial') return false;
    if (!(await reopenUnavailableLookup(trx, checkId, department))) return false;

    await reopenEndedLookups(trx, checkId, dependants);
    await reopenPartialCheck(trx, checkId);
    await deleteDiscrepanciesOfCheck(trx, checkId);
    return true;
  });
  return reopened;
}
