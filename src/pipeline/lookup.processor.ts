import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment, Connector } from '../../connectors/contract.js';
import {
  DepartmentAnswerInvalidError,
  DepartmentRateLimitedError,
  DepartmentUnavailableError,
} from '../../connectors/errors.js';
import {
  type LookupEnd,
  closeAnsweredAhead,
  findAnswersAhead,
  recordAnswers,
  recordAnswersAhead,
  recordAttemptFailures,
  recordUnavailableMany,
  startLookups,
} from '../checks/lookup-group.repository.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { type CompletionDeps, closeLookupsAndMaybeMerge } from './lookup-completion.js';
import { type CheckJobData, checkJobData } from './queues.js';
import {
  checksReadyToAsk,
  personsOfChecks,
  relatedLookupEnds,
  standingAnswersAhead,
} from './related-persons.js';

export interface LookupProcessorDeps extends CompletionDeps {
  /** The pool of urgent jobs; `db` without one. */
  urgentDb?: Kysely<Database>;
  department: AnyDepartment;
  connector: Connector<unknown>;
  departmentSettings: DepartmentSettings;
  logger: Logger;
  /** The worker running this processor, to pause its queue when the department asks us to. */
  worker: () => Worker<CheckJobData>;
  /** The department's circuit, shared by every worker process. */
  circuit: CircuitBreaker;
}

export type LookupResult = 'answered' | 'asked-ahead' | 'unavailable' | 'skipped';

/**
 * Asks one department about the members of a group of checks at once, in
 * the department's own batch size, and gives each check its part of the
 * answer. A job may run more than once: lookups that already ended are
 * skipped, and answers are stored under the (check, department) key.
 */
export function createLookupProcessor(shared: LookupProcessorDeps) {
  const department = shared.department.name;

  return async (job: Job<CheckJobData>): Promise<LookupResult> => {
    const { checkIds } = parseJobData(job);
    const urgent = shared.lane === 'urgent';
    const deps = urgent && shared.urgentDb ? { ...shared, db: shared.urgentDb } : shared;
    const log = deps.logger.child({ checks: checkIds.length, attempt: job.attemptsMade + 1 });

    await waitWhileCircuitOpen(deps, log);
    let relatedEnds = await relatedLookupEnds(deps.db, deps.department, checkIds);
    let ready = checksReadyToAsk(deps.department, checkIds, relatedEnds);
    if (urgent && ready.length < checkIds.length) {
      const readySet = new Set(ready);
      await askAhead(deps, checkIds.filter((id) => !readySet.has(id)), log);
      // The other department may have ended meanwhile: then this answer is used now.
      relatedEnds = await relatedLookupEnds(deps.db, deps.department, checkIds);
      ready = checksReadyToAsk(deps.department, checkIds, relatedEnds);
      if (ready.length === 0) return 'asked-ahead';
    }
    const started = await startLookups(deps.db, ready, department);
    // Work in hand is work in flight: a group that waited long in its queue
    // is not taken for lost while it runs.
    void deps.queues.inFlight.mark(started);
    if (started.length === 0) {
      // A run before this one ended them; should it have stopped before
      // queueing what follows (Redis away at that moment), this queues it.
      log.debug('lookups already ended');
      await closeLookupsAndMaybeMerge(deps, checkIds, department, () => Promise.resolve());
      return 'skipped';
    }

    const startedAt = Date.now();
    try {
      await askAndRecord(deps, started, urgent, relatedEnds);
      log.info(
        { answered: started.length, durationMs: Date.now() - startedAt },
        'department answered',
      );
      return 'answered';
    } catch (err) {
      return handleLookupError(deps, job, started, err, log);
    }
  };
}

async function askAndRecord(
  deps: LookupProcessorDeps,
  checkIds: readonly string[],
  urgent: boolean,
  relatedEnds: ReadonlyMap<string, LookupEnd>,
): Promise<void> {
  const department = deps.department.name;
  const persons = await personsOfChecks(deps.db, deps.department, checkIds, relatedEnds);
  // An answer given ahead about the declared members stands when nobody else was named.
  const ahead = deps.department.alsoAsksAbout
    ? await findAnswersAhead(deps.db, checkIds, department)
    : new Map<string, unknown>();
  const settled = standingAnswersAhead(checkIds, ahead, persons);
  const settledSet = new Set(settled);
  const toAsk = checkIds.filter((id) => !settledSet.has(id));

  const answers = await ask(deps, toAsk, (id) => persons.get(id)?.all, urgent);
  await closeLookupsAndMaybeMerge(deps, checkIds, department, async (trx) => {
    await recordAnswers(trx, department, answers);
    await closeAnsweredAhead(trx, settled, department);
  });
}

/**
 * Asks the department about the persons of the checks, in as few calls as
 * its batch size allows, and gives each check what the department would
 * have answered about its own persons.
 */
async function ask(
  deps: LookupProcessorDeps,
  checkIds: readonly string[],
  personsOf: (checkId: string) => ReadonlySet<string> | undefined,
  urgent: boolean,
): Promise<Array<{ checkId: string; records: unknown }>> {
  if (checkIds.length === 0) return [];
  const everyone = [...new Set(checkIds.flatMap((id) => [...(personsOf(id) ?? [])]))];
  const signal = AbortSignal.timeout(lookupDeadlineMs(deps.departmentSettings, everyone));
  const records = await deps.connector.lookup(everyone, { signal, urgent });
  await deps.circuit.recordSuccess();
  return checkIds.map((checkId) => ({
    checkId,
    records: deps.department.selectFor(records, personsOf(checkId) ?? new Set()),
  }));
}

/**
 * Asks a department that waits for another about the declared members
 * before that one has ended, and keeps the answer with the open lookup. A
 * failure here costs nothing but the head start: the lookup is asked in
 * full once the other department has ended. A department that asks us to
 * slow down pauses its queue, and one that fails counts against its
 * circuit, as for any lookup.
 */
async function askAhead(
  deps: LookupProcessorDeps,
  checkIds: readonly string[],
  log: Logger,
): Promise<void> {
  try {
    const persons = await personsOfChecks(deps.db, deps.department, checkIds, new Map());
    const answers = await ask(deps, checkIds, (id) => persons.get(id)?.declared, true);
    await recordAnswersAhead(deps.db, deps.department.name, answers);
    log.debug({ checks: checkIds.length }, 'asked ahead about the declared members');
  } catch (err) {
    if (err instanceof DepartmentRateLimitedError) await pauseQueue(deps, err.retryAfterMs);
    if (err instanceof DepartmentUnavailableError) await deps.circuit.recordFailure();
    log.info({ err }, 'asking ahead failed; asked in full later');
  }
}

/**
 * While the department's circuit is open its queue waits, in every worker
 * process, and the job goes back without spending an attempt.
 */
async function waitWhileCircuitOpen(deps: LookupProcessorDeps, log: Logger): Promise<void> {
  const gate = await deps.circuit.admit();
  if (gate.pass) return;
  log.debug({ waitMs: gate.waitMs }, 'circuit open, lookup waits');
  await pauseQueue(deps, gate.waitMs);
}

/** Pauses this department's queue and puts the job back; never returns. */
async function pauseQueue(deps: LookupProcessorDeps, ms: number): Promise<never> {
  await deps.worker().rateLimit(ms);
  throw Worker.RateLimitError();
}

/** What the department did wrong, as opposed to our own database or Redis being away. */
function isDepartmentFault(err: unknown): boolean {
  return err instanceof DepartmentUnavailableError || err instanceof DepartmentAnswerInvalidError;
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

function parseJobData(job: Job<CheckJobData>): { checkIds: string[] } {
  const parsed = checkJobData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError('lookup job carries no valid check ids');
  return parsed.data;
}

async function handleLookupError(
  deps: LookupProcessorDeps,
  job: Job<CheckJobData>,
  checkIds: readonly string[],
  err: unknown,
  log: Logger,
): Promise<LookupResult> {
  const department = deps.department.name;
  const reason = err instanceof Error ? err.message : String(err);

  if (err instanceof DepartmentRateLimitedError) {
    // Pause this department's queue for as long as it asked, and put the job
    // back without spending one of its attempts.
    log.warn({ retryAfterMs: err.retryAfterMs }, 'department asked us to slow down');
    return pauseQueue(deps, err.retryAfterMs);
  }
  if (!isDepartmentFault(err)) {
    // Our own database or Redis failed, not the department: retry, and should
    // the attempts run out the lookups stay open for the reconciler, never
    // `unavailable` for something the department did not do.
    log.warn({ err }, 'lookup interrupted, will retry');
    throw err;
  }
  if (err instanceof DepartmentUnavailableError) await deps.circuit.recordFailure();

  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (lastAttempt || err instanceof DepartmentAnswerInvalidError) {
    log.warn({ err }, 'department given up on');
    await closeLookupsAndMaybeMerge(deps, checkIds, department, (trx) =>
      recordUnavailableMany(trx, checkIds, department, reason),
    );
    return 'unavailable';
  }

  log.warn({ err }, 'department lookup failed, will retry');
  await recordAttemptFailures(deps.db, checkIds, department, reason);
  throw err;
}
