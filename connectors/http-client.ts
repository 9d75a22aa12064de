import { setTimeout as sleep } from 'node:timers/promises';

import { Pool, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { z } from 'zod';

import type { CallPacer, ConnectorSettings, LookupContext } from './contract.js';
import { TokenBucket } from './sandbox/token-bucket.js';
import {
  DepartmentAnswerInvalidError,
  DepartmentRateLimitedError,
  DepartmentUnavailableError,
} from './errors.js';

/** Connections kept alive to one department; lookups beyond them queue in the pool. */
const CONNECTIONS_PER_DEPARTMENT = 64;

/** Connections kept apart for urgent lookups, so a batch's calls never queue ahead of them. */
const URGENT_CONNECTIONS = 4;

/** Wait asked for by a 429 that carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** One call to a department over HTTP. */
export interface DepartmentRequest<Answer> {
  method: 'GET' | 'POST';
  /** Path and query string, appended to the path of the connector's base URL. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Shape the department answers in; a body that fails it is a permanent failure. */
  answer: z.ZodType<Answer>;
  /** Persons asked about, for the log line. */
  persons: number;
}

/**
 * The part every HTTP connector shares: kept-alive connections to the
 * department, the timeout, and the mapping of what went wrong to the errors
 * the pipeline acts on.
 */
export interface DepartmentClient {
  send<Answer>(request: DepartmentRequest<Answer>, context: LookupContext): Promise<Answer>;
  close(): Promise<void>;
}

export function createDepartmentClient(
  department: string,
  settings: ConnectorSettings,
): DepartmentClient {
  const base = new URL(settings.url);
  const target: Target = {
    department,
    pools: sharedPools(base.origin, settings.ratePerSecond ?? null),
    pacer: settings.callPacer ?? null,
    basePath: base.pathname.replace(/\/+$/, ''),
    timeoutMs: settings.timeoutMs,
    logger: settings.logger.child({ department }),
  };
  let closed = false;

  return {
    send: (request, context) => send(target, request, context),
    close: async () => {
      if (closed) return;
      closed = true;
      await releasePool(base.origin);
    },
  };
}

interface Target {
  department: string;
  pools: DepartmentPools;
  /** Paces the calls of every process; `pools.pacer` paces this one's when absent. */
  pacer: CallPacer | null;
  basePath: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * A batch whose call fails for a passing reason (a 5xx or a failure code in
 * the answer, a timeout, a dropped connection, or a 429 asking for at most
 * `SHORT_RETRY_AFTER_MS`) is asked again, up to this many times. A lookup
 * about a hundred families makes hundreds of calls to a department that
 * answers one person per call; at a 2 % error rate one of them almost surely
 * fails, and without this the whole lookup would fail with it, attempt
 * after attempt.
 */
export const CALL_RETRIES = 2;
const CALL_RETRY_DELAY_MS = 100;
const SHORT_RETRY_AFTER_MS = 1000;

/** How long to wait before asking again after `err`, or null when asking again is no use. */
function passingFaultWait(err: unknown, retry: number): number | null {
  if (err instanceof DepartmentRateLimitedError) {
    return err.retryAfterMs <= SHORT_RETRY_AFTER_MS ? err.retryAfterMs : null;
  }
  if (!(err instanceof DepartmentUnavailableError)) return null;
  const delay = CALL_RETRY_DELAY_MS * 2 ** retry;
  return delay / 2 + Math.random() * (delay / 2);
}

async function send<Answer>(
  target: Target,
  request: DepartmentRequest<Answer>,
  context: LookupContext,
): Promise<Answer> {
  // A batch's calls keep to the department's rate; an urgent one goes at once.
  const pacer = target.pacer ?? target.pools.pacer;
  await pacer?.take(context.urgent === true, context.signal).catch((error: unknown) => {
    throw unreachable(target, error, context.signal);
  });
  const deadline = deadlineFor(context.signal, target.timeoutMs);
  const started = performance.now();
  const pool = context.urgent ? target.pools.urgent : target.pools.bulk;
  try {
    const response = await dispatch(target, pool, request, deadline.signal);
    await refuseFaults(target, response);
    const body = await readJson(target, response, deadline.signal);

    const ms = Math.round(performance.now() - started);
    target.logger.debug({ batch: request.persons, ms }, 'lookup answered');
    return parseAnswer(target.department, request.answer, body);
  } finally {
    deadline.release();
  }
}

/**
 * The caller's signal, also aborted after `timeoutMs`. Not `AbortSignal.any`: on Node 20 a
 * timeout signal only it holds can be collected unfired, leaving a slow department waited on.
 */
function deadlineFor(signal: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);

  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    },
  };
}

async function dispatch(
  target: Target,
  pool: Pool,
  request: DepartmentRequest<unknown>,
  deadline: AbortSignal,
): Promise<Dispatcher.ResponseData> {
  const hasBody = request.body !== undefined;
  try {
    return await pool.request({
      method: request.method,
      path: target.basePath + request.path,
      headers: {
        accept: 'application/json',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: hasBody ? JSON.stringify(request.body) : null,
      signal: deadline,
    });
  } catch (error) {
    throw unreachable(target, error, deadline);
  }
}

/** Turns every non-2xx answer into the error the pipeline acts on. */
async function refuseFaults(target: Target, response: Dispatcher.ResponseData): Promise<void> {
  const status = response.statusCode;
  if (status >= 200 && status < 300) return;
  await response.body.dump().catch(() => undefined);
  target.logger.debug({ status }, 'lookup refused');

  if (status === 429) {
    throw new DepartmentRateLimitedError(
      target.department,
      retryAfterMs(response.headers['retry-after']),
    );
  }
  if (status >= 500) {
    throw new DepartmentUnavailableError(target.department, `answered ${status}`);
  }
  throw new DepartmentAnswerInvalidError(target.department, `refused our request with ${status}`);
}

async function readJson(
  target: Target,
  response: Dispatcher.ResponseData,
  deadline: AbortSignal,
): Promise<unknown> {
  try {
    return await response.body.json();
  } catch (error) {
    if (deadline.aborted) throw unreachable(target, error, deadline);
    throw new DepartmentAnswerInvalidError(target.department, 'answer is not JSON');
  }
}

function unreachable(target: Target, error: unknown, deadline: AbortSignal): Error {
  const reason = deadline.aborted ? abortReason(deadline) : connectionFault(error);
  return new DepartmentUnavailableError(target.department, reason, { cause: error });
}

function abortReason(deadline: AbortSignal): string {
  const reason: unknown = deadline.reason;
  const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
  return timedOut ? reason.message : 'lookup aborted';
}

function connectionFault(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
}

/**
 * Milliseconds a 429 asks us to wait: Retry-After in whole seconds or as an
 * HTTP-date; a missing or unreadable header means one second.
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1000;

  const at = Date.parse(value);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_MS;
  return Math.max(0, at - now);
}

/**
 * Checks a department's answer (or a part of it, at `at`) against its schema.
 * The error names the path of the first offending field, never its value.
 */
export function parseAnswer<Answer>(
  department: string,
  schema: z.ZodType<Answer>,
  value: unknown,
  at: readonly PropertyKey[] = [],
): Answer {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const path = [...at, ...(issue?.path ?? [])].map(String).join('.') || '(answer)';
  throw new DepartmentAnswerInvalidError(department, `${path}: ${issue?.message ?? 'invalid'}`);
}

/** Lists of records, the shape of every HTTP department's records. */
type RecordLists = Record<string, readonly unknown[]>;

/**
 * Asks about persons in batches of the department's size, one batch after
 * the other, and merges the answers. A record that concerns persons of two
 * batches (a household, a marriage) comes back in both and is kept once.
 */
export async function lookupInBatches<Records extends RecordLists>(
  idNumbers: readonly string[],
  batchSize: number,
  empty: Records,
  askBatch: (batch: string[]) => Promise<Records>,
): Promise<Records> {
  const persons = [...new Set(idNumbers)];
  const size = Math.max(1, Math.floor(batchSize));
  const batches: string[][] = [];
  for (let start = 0; start < persons.length; start += size) {
    batches.push(persons.slice(start, start + size));
  }
  return mergeRecords(empty, await askInParallel(batches, askBatch));
}

/**
 * Calls one lookup makes at once. A lookup about many families asked of a
 * department that answers one person per call would otherwise take as long
 * as all its calls end to end; the department's 429 still sets the pace.
 */
export const CALLS_IN_FLIGHT = 8;

/** Asks again after a passing fault, `CALL_RETRIES` times at most. */
async function withRetries<T>(ask: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await ask();
    } catch (err) {
      const waitMs = retry < CALL_RETRIES ? passingFaultWait(err, retry) : null;
      if (waitMs === null) throw err;
      await sleep(waitMs);
    }
  }
}

/** Asks every batch, at most CALLS_IN_FLIGHT at a time, answers in batch order. */
async function askInParallel<Records>(
  batches: readonly string[][],
  askBatch: (batch: string[]) => Promise<Records>,
): Promise<Records[]> {
  const answers: Records[] = new Array<Records>(batches.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    // A failed call fails the lookup: the other lanes stop taking batches.
    while (!failed && next < batches.length) {
      const index = next++;
      try {
        answers[index] = await withRetries(() => askBatch(batches[index] ?? []));
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CALLS_IN_FLIGHT, batches.length) }, lane));
  return answers;
}

/** Concatenates each list of the answers, dropping records equal to one already kept. */
export function mergeRecords<Records extends RecordLists>(
  empty: Records,
  answers: readonly Records[],
): Records {
  const merged: Record<string, readonly unknown[]> = {};
  for (const list of Object.keys(empty)) {
    merged[list] = withoutDuplicates(answers.flatMap((answer) => answer[list] ?? []));
  }
  return merged as Records;
}

function withoutDuplicates(records: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = canonicalJson(record);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** JSON with object keys sorted, so equal records compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const fields = entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

interface DepartmentPools {
  bulk: Pool;
  urgent: Pool;
  /** Paces this process's calls to the department's rate, when it has one. */
  pacer: CallPacer | null;
}

interface SharedPools extends DepartmentPools {
  users: number;
}

/** The department's rate counted in this process alone: batch calls wait, urgent ones go. */
function processPacer(ratePerSecond: number): CallPacer {
  const bucket = new TokenBucket(ratePerSecond);
  return {
    async take(urgent, signal) {
      if (urgent) return;
      for (let waitMs = bucket.take(); waitMs > 0; waitMs = bucket.take()) {
        await sleep(waitMs, undefined, { signal });
      }
    },
  };
}

/** Pools per department origin, shared by every connector of the process that asks it. */
const pools = new Map<string, SharedPools>();

function sharedPools(origin: string, ratePerSecond: number | null): DepartmentPools {
  const shared = pools.get(origin) ?? {
    bulk: new Pool(origin, { connections: CONNECTIONS_PER_DEPARTMENT }),
    urgent: new Pool(origin, { connections: URGENT_CONNECTIONS }),
    pacer: ratePerSecond ? processPacer(ratePerSecond) : null,
    users: 0,
  };
  shared.users += 1;
  pools.set(origin, shared);
  return shared;
}

/** The last connector to let go of an origin closes its connections. */
async function releasePool(origin: string): Promise<void> {
  const shared = pools.get(origin);
  if (shared === undefined) return;
  shared.users -= 1;
  if (shared.users > 0) return;

  pools.delete(origin);
  await Promise.all([shared.bulk.close(), shared.urgent.close()]);
}
