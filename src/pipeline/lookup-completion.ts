import type { Kysely, Transaction } from 'kysely';

import type { AnyDepartment } from '../../connectors/contract.js';
import { lockCheckById } from '../checks/check.repository.js';
import { countOpenLookups } from '../checks/lookup.repository.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import { type CheckQueues, enqueueLookups, enqueueMerge } from './queues.js';
import { departmentsWaitingFor } from './related-persons.js';

export interface CompletionDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
}

/**
 * Closes a department's lookup, starts the lookups that were waiting for it
 * and, when it was the last one open, queues the merge. The check's row
 * lock serialises lookups finishing together, so the last one always sees
 * that nothing else is open. Should queueing fail, the reconciler finds the
 * check later and queues what it still needs.
 */
export async function closeLookupAndMaybeMerge(
  deps: CompletionDeps,
  checkId: string,
  department: string,
  close: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const lastOpen = await deps.db.transaction().execute(async (trx) => {
    await lockCheckById(trx, checkId);
    await close(trx);
    return (await countOpenLookups(trx, checkId)) === 0;
  });

  const waiting = departmentsWaitingFor(deps.departments, department).map((d) => d.name);
  if (waiting.length > 0) await enqueueLookups(deps.queues, checkId, waiting, deps.settings);
  if (lastOpen) await enqueueMerge(deps.queues, checkId);
}
