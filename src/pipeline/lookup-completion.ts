import type { Kysely, Transaction } from 'kysely';

import type { AnyDepartment } from '../../connectors/contract.js';
import { findChecksWithNoOpenLookup, lockChecks } from '../checks/lookup-group.repository.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import { type CheckQueues, type Lane, enqueueLookups, enqueueMerge } from './queues.js';
import { departmentsWaitingFor, settleAnswersAhead } from './related-persons.js';

export interface CompletionDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  /** The lane of the job: what follows it is queued in the same one. */
  lane: Lane;
  /**
   * Merges ready checks at once, in this job, instead of queueing their
   * merge: for the urgent lane, where someone waits on the result. Should it
   * fail, the merge is queued as usual.
   */
  mergeNow?: (checkIds: readonly string[]) => Promise<unknown>;
}

/**
 * Closes a department's lookups of a group of checks, starts the lookups
 * that were waiting for it and queues the merge of every check with none
 * left open. Each department's lookups finishing together close their own
 * rows first, then queue on the checks' row locks and look for open lookups
 * only once they hold them: whichever holds them last sees every other
 * close committed, so a check is always found ready by someone, while the
 * locks are held for one read instead of every write. Should queueing fail,
 * the reconciler finds the checks later and queues what they still need.
 */
export async function closeLookupsAndMaybeMerge(
  deps: CompletionDeps,
  checkIds: readonly string[],
  department: string,
  close: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const waiting = departmentsWaitingFor(deps.departments, department);
  const { ready, toAsk } = await deps.db.transaction().execute(async (trx) => {
    await close(trx);
    // In the urgent lane the departments waiting for this one were asked
    // ahead; where nobody else was named their answer stands, here and now.
    const stillToAsk = new Map<string, string[]>();
    for (const other of waiting) {
      const settled = deps.lane === 'urgent'
        ? new Set(await settleAnswersAhead(trx, other, checkIds))
        : new Set<string>();
      stillToAsk.set(other.name, checkIds.filter((id) => !settled.has(id)));
    }
    await lockChecks(trx, checkIds);
    return { ready: await findChecksWithNoOpenLookup(trx, checkIds), toAsk: stillToAsk };
  });

  for (const [other, ids] of toAsk) {
    if (ids.length === 0) continue;
    await enqueueLookups(deps.queues, ids, [other], deps.settings, deps.lane, department);
  }
  if (ready.length === 0) return;
  if (deps.mergeNow) {
    const merged = await deps.mergeNow(ready).then(() => true, () => false);
    if (merged) return;
  }
  await enqueueMerge(deps.queues, ready, deps.lane);
}
