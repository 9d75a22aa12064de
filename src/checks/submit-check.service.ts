import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import { type AuditEntry, insertAuditEvent } from '../audit/audit.repository.js';
import type { Database } from '../db/schema.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import { type CheckQueues, enqueueLookups } from '../pipeline/queues.js';
import { departmentsToStart } from '../pipeline/related-persons.js';
import { insertCheck } from './check.repository.js';

/** A submitter sent a reference it used before with a different declaration. */
export class ReferenceReusedError extends Error {
  constructor(readonly reference: string) {
    super('reference already used by this submitter for a different declaration');
    this.name = 'ReferenceReusedError';
  }
}

export interface SubmitDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  /** Every registered department; each gets one lookup. */
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  logger: Logger;
}

/** The audit row of a stored submission, given the check it landed on and whether it is new. */
export type SubmissionAudit = (stored: { id: string; created: boolean }) => AuditEntry;

/**
 * Accepts a validated family: PostgreSQL first, then the queues. A family
 * is never lost to Redis: if queueing fails, the check is already stored and
 * the reconciler queues it. A reference sent again returns the first check.
 * The audit row commits with the check, or not at all.
 */
export async function submitCheck(
  deps: SubmitDeps,
  submitter: string,
  family: DeclaredFamily,
  audit?: SubmissionAudit,
): Promise<{ id: string; created: boolean }> {
  const names = deps.departments.map((d) => d.name);
  const stored = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertCheck(trx, { id: randomUUID(), submitter, family }, names);
    // A repeat is only a repeat if it declares the same; a changed declaration
    // under a used reference is refused rather than silently dropped.
    if (!inserted.created && !isDeepStrictEqual(inserted.family, family)) {
      throw new ReferenceReusedError(family.reference);
    }
    if (audit) await insertAuditEvent(trx, audit(inserted));
    return inserted;
  });
  if (!stored.created) return { id: stored.id, created: false };

  try {
    const first = departmentsToStart(deps.departments, 'urgent').map((d) => d.name);
    await enqueueLookups(deps.queues, stored.id, first, deps.settings, 'urgent');
  } catch (err) {
    deps.logger.warn({ err, checkId: stored.id }, 'check stored but not queued; reconciler will');
  }
  return stored;
}
