import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';

import type { AnyDepartment, Connector } from '../../connectors/contract.js';
import {
  DepartmentAnswerInvalidError,
  DepartmentRateLimitedError,
} from '../../connectors/errors.js';
import { findCheckById, markCheckRunning } from '../checks/check.repository.js';
import {
  recordAnswer,
  recordAttemptFailure,
  recordUnavailable,
  startLookup,
} from '../checks/lookup.repository.js';
import type { DepartmentSettings } from '../config.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import { type CompletionDeps, closeLookupAndMaybeMerge } from './lookup-completion.js';
import { type CheckJobData, checkJobData } from './queues.js';
import { personsToAsk } from './related-persons.js';

export interface LookupProcessorDeps extends CompletionDeps {
  department: AnyDepartment;
  connector: Connector<unknown>;
  departmentSettings: DepartmentSettings;
  logger: Logger;
  /** The worker running this processor, to pause its queue when the department asks us to. */
  worker: () => Worker<CheckJobData>;
}

export type LookupResult = 'answered' | 'unavailable' | 'skipped';

/**
 * Asks one department about the members of one check. A job may run more
 * than once: a lookup that already ended is skipped, and the answer is
 * stored under the (check, department) key.
 */
export function createLookupProcessor(deps: LookupProcessorDeps) {
  const department = deps.department.name;

  return async (job: Job<CheckJobData>): Promise<LookupResult> => {
    const { checkId } = parseJobData(job);
    const log = deps.logger.child({ checkId, attempt: job.attemptsMade + 1 });

    const check = await findCheckById(deps.db, checkId);
    const started = check ? await startLookup(deps.db, checkId, department) : undefined;
    if (!check || !started) {
      log.debug('lookup already ended');
      return 'skipped';
    }
    await markCheckRunning(deps.db, checkId);

    const family = check.family as DeclaredFamily;
    const startedAt = Date.now();
    try {
      const members = family.members.map((member) => member.idNumber);
      const idNumbers = await personsToAsk(deps.db, checkId, deps.department, members);
      const signal = AbortSignal.timeout(lookupDeadlineMs(deps.departmentSettings, idNumbers));
      const records = await deps.connector.lookup(idNumbers, { signal });
      await closeLookupAndMaybeMerge(deps, checkId, department, (trx) =>
        recordAnswer(trx, checkId, department, records),
      );
      log.info({ durationMs: Date.now() - startedAt }, 'department answered');
      return 'answered';
    } catch (err) {
      return handleLookupError(deps, job, checkId, err, log);
    }
  };
}

/**
 * Each call to a department has its own timeout inside the connector; the
 * whole lookup may take as many of them as it makes calls, plus one for a
 * follow-up round such as public security's household members.
 */
function lookupDeadlineMs(settings: DepartmentSettings, idNumbers: readonly string[]): number {
  const calls = Math.ceil(idNumbers.length / settings.batchSize) + 1;
  return settings.timeoutMs * calls;
}

function parseJobData(job: Job<CheckJobData>): CheckJobData {
  const parsed = checkJobData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError('lookup job carries no valid check id');
  return parsed.data;
}

async function handleLookupError(
  deps: LookupProcessorDeps,
  job: Job<CheckJobData>,
  checkId: string,
  err: unknown,
  log: Logger,
): Promise<LookupResult> {
  const department = deps.department.name;
  const reason = err instanceof Error ? err.message : String(err);

  if (err instanceof DepartmentRateLimitedError) {
    // Pause this department's queue for as long as it asked, and put the job
    // back without spending one of its attempts.
    log.warn({ retryAfterMs: err.retryAfterMs }, 'department asked us to slow down');
    await deps.worker().rateLimit(err.retryAfterMs);
    throw Worker.RateLimitError();
  }

  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (lastAttempt || err instanceof DepartmentAnswerInvalidError) {
    log.warn({ err }, 'department given up on');
    await closeLookupAndMaybeMerge(deps, checkId, department, (trx) =>
      recordUnavailable(trx, checkId, department, reason),
    );
    return 'unavailable';
  }

  log.warn({ err }, 'department lookup failed, will retry');
  await recordAttemptFailure(deps.db, checkId, department, reason);
  throw err;
}
