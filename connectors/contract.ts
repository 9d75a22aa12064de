import type { Logger } from 'pino';
import type { z } from 'zod';

import type { DeclaredFamily } from '../src/domain/declared-family.js';
import type { MoneyTolerance } from '../src/domain/money.js';
import type { Finding } from '../src/domain/vocabulary.js';

export type { MoneyTolerance };

/**
 * The contract every department implements. A department is one folder under
 * `connectors/` holding its record schemas, its connector, its item rules and
 * its sandbox, tied together by a `Department` value that `registry.ts` lists.
 */
export interface Department<Records> {
  /** Kebab-case name used in queues, settings, results and logs. */
  readonly name: string;
  /** The check items this department informs, in the order results list them. */
  readonly items: readonly string[];
  /** How the department publishes: lookups over HTTP, or rows in an exchange database. */
  readonly transport: 'http' | 'exchange';
  /**
   * Persons beyond the declared members that this department must be asked
   * about, named in another department's answer (public security is asked
   * whether a spouse the marriage registry names has died). The lookup then
   * starts once that department has answered or been given up on.
   */
  readonly alsoAsksAbout?: RelatedPersons;
  /** zod schema of what the department holds on a set of persons, in its own shapes. */
  readonly records: z.ZodType<Records>;
  /** What the department answers about persons it holds nothing on. */
  empty(): Records;
  /**
   * The part of an answer given about many families' persons that concerns
   * one family's: what the department would have answered had it been asked
   * about those persons alone. `persons` are normalised identity numbers.
   */
  selectFor(records: Records, persons: ReadonlySet<string>): Records;
  /** Settings that apply unless the operator overrides them. */
  readonly defaults: DepartmentDefaults;
  /** Builds the client that asks the department (or reads its exchange tables). */
  createConnector(settings: ConnectorSettings): Connector<Records>;
  /** Builds the stand-in that serves a data set in the department's own way. */
  createSandbox(settings: SandboxSettings): Sandbox<Records>;
  /**
   * The item rules. `records` is the department's answer for the family's
   * members; `answers` gives the answers of other departments where a rule
   * needs them (a death recorded by public security, say). Returns only
   * discrepancies; an empty list means every item of this department is
   * consistent for the family.
   */
  evaluate(input: EvaluationInput<Records>): Finding[];
}

/**
 * A department as the registry and the pipeline hold it: the records type is
 * only known inside the department's own folder, and methods keep the
 * parameters that take records assignable.
 */
export type AnyDepartment = Department<unknown>;

export interface RelatedPersons {
  /** The department whose answer names the persons. */
  department: string;
  /** Identity numbers named in that department's answer, as filed. */
  persons(records: unknown): string[];
}

export interface DepartmentDefaults {
  /** Persons asked about in one lookup; 1 for departments that answer one person per call. */
  batchSize: number;
  /** Lookups in flight at once, across all workers of one process. */
  concurrency: number;
  /** Lookups a second the department accepts from us; null for no limit. */
  ratePerSecond: number | null;
  /** Time allowed for one lookup before it counts as failed. */
  timeoutMs: number;
  /** Tries before the department's items become `unavailable` for a family. */
  attempts: number;
  /** First retry delay; later ones grow exponentially, with jitter. */
  backoffMs: number;
}

export interface ConnectorSettings {
  /** Base URL of an HTTP department, or connection string of an exchange database. */
  url: string;
  batchSize: number;
  timeoutMs: number;
  logger: Logger;
  /**
   * Calls a second made to the department for batches at most; unlimited
   * when absent or null. Counted in this process unless `callPacer` counts
   * them for every process.
   */
  ratePerSecond?: number | null;
  /** Keeps the calls of every process that asks the department to its rate. */
  callPacer?: CallPacer;
}

/** Paces the calls to one department, wherever they are made from. */
export interface CallPacer {
  /**
   * Resolves once one more call keeps within the rate. An urgent call is
   * counted but never waits: the calls of batches wait for it instead.
   */
  take(urgent: boolean, signal: AbortSignal): Promise<void>;
}

export interface LookupContext {
  /** Aborted when the lookup has taken longer than the department's timeout. */
  signal: AbortSignal;
  /**
   * Someone is waiting on this lookup (a family submitted on its own): its
   * calls go over connections of their own, never queued behind a batch's.
   */
  urgent?: boolean;
}

/**
 * Asks one department about persons. `lookup` receives normalised
 * 18-character identity numbers, splits them into batches of the department's
 * own size, and answers with every record the department holds on any of
 * them, validated against `Department.records`. Faults are thrown as the
 * errors of `connectors/errors.ts` so the pipeline can tell a retry from a
 * permanent failure.
 */
export interface Connector<Records> {
  lookup(idNumbers: readonly string[], context: LookupContext): Promise<Records>;
  close(): Promise<void>;
}

export interface SandboxSettings {
  /** Port to listen on (HTTP) or to proxy from (exchange); 0 picks a free one. */
  port: number;
  host: string;
  /** Exchange departments: where their tables live. */
  exchangeDatabaseUrl?: string;
  logger: Logger;
}

/** Faults a sandbox can be told to show, to rehearse what the real departments do. */
export interface SandboxFaults {
  /** Added to every answer. */
  latencyMs: number;
  /** Share of lookups, 0 to 1, answered with a server error. */
  errorRate: number;
  /** Lookups a second before answering 429 with Retry-After; null for no limit. */
  ratePerSecond: number | null;
  /** Refuse every lookup, as a department that is down. */
  down: boolean;
}

/**
 * A stand-in for a department that serves a data set in its real record
 * shapes and talks the way the department does. The data set and the faults
 * can be changed while it runs.
 */
export interface Sandbox<Records> {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Where a connector reaches this sandbox (its `ConnectorSettings.url`). */
  readonly url: string;
  /** Replaces the whole data set. */
  load(records: Records): Promise<void>;
  setFaults(faults: Partial<SandboxFaults>): void;
  readonly faults: SandboxFaults;
}

export interface EvaluationInput<Records> {
  family: DeclaredFamily;
  records: Records;
  answers: DepartmentAnswers;
  /** The money rule's tolerance for an item (defaults: 50.00 CNY or 5 % of the declared). */
  tolerance(item: string): MoneyTolerance;
}


/** Answers of the other departments for the same family; null where one did not answer. */
export interface DepartmentAnswers {
  recordsOf<R>(department: Department<R>): R | null;
}
