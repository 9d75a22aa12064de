import pg from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';

import { legacyFormOf } from '../src/domain/identity-number.js';
import type { Connector, ConnectorSettings } from './contract.js';
import { DepartmentAnswerInvalidError, DepartmentUnavailableError } from './errors.js';

/** What a department's connector reads, and how its rows must look. */
export interface ExchangeSource<Row> {
  department: string;
  /** One SELECT; `$1` is a text array of the identity numbers in every form filed. */
  sql: string;
  records: z.ZodType<{ rows: Row[] }>;
}

/** Sessions per connector; the pipeline's own concurrency keeps far fewer busy. */
const POOL_SIZE = 4;

/**
 * The part every exchange connector shares: a small pool on the exchange
 * database, lookups in batches, and the translation of database trouble into
 * the errors the pipeline retries or gives up on.
 */
export function createExchangeConnector<Row>(
  settings: ConnectorSettings,
  source: ExchangeSource<Row>,
): Connector<{ rows: Row[] }> {
  const logger = settings.logger.child({ department: source.department });
  const pool = createExchangePool(settings, source.department, logger);
  let closing: Promise<void> | null = null;

  return {
    async lookup(idNumbers, { signal }) {
      let rows: unknown[] = [];
      for (const batch of batchesOf([...new Set(idNumbers)], settings.batchSize)) {
        rows = rows.concat(await readBatch(pool, source, batch, signal, logger));
      }
      return parseAnswer(source, rows, logger);
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}

function createExchangePool(settings: ConnectorSettings, department: string, logger: Logger) {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: POOL_SIZE,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: settings.timeoutMs,
    // The server stops a slow statement; the client stops waiting on a slow network.
    statement_timeout: settings.timeoutMs,
    query_timeout: settings.timeoutMs,
    application_name: `crosscheck-${department}`,
  });
  // An idle session cut by the department must not bring the process down.
  pool.on('error', (err) => logger.warn({ err }, 'exchange session lost'));
  return pool;
}

async function readBatch<Row>(
  pool: pg.Pool,
  source: ExchangeSource<Row>,
  batch: readonly string[],
  signal: AbortSignal,
  logger: Logger,
): Promise<unknown[]> {
  const started = performance.now();
  try {
    const rows = await queryRows(pool, source.sql, [filedForms(batch)], signal);
    const ms = Math.round(performance.now() - started);
    logger.debug({ persons: batch.length, rows: rows.length, ms }, 'exchange batch read');
    return rows;
  } catch (error) {
    const mapped = toDepartmentError(source.department, error);
    logger.debug({ code: mapped.code, reason: mapped.message }, 'exchange batch failed');
    throw mapped;
  }
}

/**
 * Every form a department may have filed a person under: the number itself,
 * its 15-digit legacy form, and a lower-case check character, which some
 * departments keep as typed.
 */
function filedForms(idNumbers: readonly string[]): string[] {
  return idNumbers.flatMap((idNumber) => {
    const forms = [idNumber];
    const legacy = legacyFormOf(idNumber);
    if (legacy !== null) forms.push(legacy);
    if (idNumber.endsWith('X')) forms.push(`${idNumber.slice(0, -1)}x`);
    return forms;
  });
}

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) {
    batches.push(items.slice(start, start + Math.max(1, size)));
  }
  return batches;
}

/**
 * Runs one query on a session of its own, and stops waiting the moment the
 * signal aborts. A session that failed or was abandoned is destroyed rather
 * than returned to the pool: it may still be busy with the abandoned query.
 */
async function queryRows(
  pool: pg.Pool,
  sql: string,
  params: unknown[],
  signal: AbortSignal,
): Promise<unknown[]> {
  const connecting = pool.connect();
  const client = await untilAborted(connecting, signal, () => {
    connecting.then((late) => late.release(true), ignore);
  });

  // A session cut while checked out also reports on the client; the query carries the failure.
  client.on('error', ignore);
  let failed = false;
  try {
    const result = await untilAborted(client.query(sql, params), signal);
    return result.rows as unknown[];
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(failed);
  }
}

class LookupAbortedError extends Error {
  constructor() {
    super('lookup aborted');
    this.name = 'LookupAbortedError';
  }
}

/** Settles as `work` does, or rejects as soon as `signal` aborts, then calls `abandon`. */
function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  abandon: () => void = ignore,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      abandon();
      reject(new LookupAbortedError());
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** SQLSTATEs that mean the department changed its table: asking again will not help. */
const LAYOUT_CHANGED = new Set(['42703', '42804', '42883']);

const UNAVAILABLE_REASONS: Partial<Record<string, string>> = {
  // The department has not published yet, or is republishing: it will be back.
  '42P01': 'exchange table not published',
  '57014': 'exchange read timed out',
};

type DepartmentError = DepartmentUnavailableError | DepartmentAnswerInvalidError;

function toDepartmentError(department: string, error: unknown): DepartmentError {
  if (error instanceof DepartmentUnavailableError) return error;
  if (error instanceof DepartmentAnswerInvalidError) return error;
  if (error instanceof LookupAbortedError) {
    return new DepartmentUnavailableError(department, 'lookup aborted', { cause: error });
  }

  if (error instanceof pg.DatabaseError) return fromDatabaseError(department, error);
  // Refused, reset, cut or timed-out sessions: the department may well be back soon.
  const reason = error instanceof Error ? error.message : 'unknown failure';
  return new DepartmentUnavailableError(department, `exchange unreachable (${reason})`, {
    cause: error,
  });
}

function fromDatabaseError(department: string, error: pg.DatabaseError): DepartmentError {
  const code = error.code ?? 'unknown';
  if (LAYOUT_CHANGED.has(code)) {
    return new DepartmentAnswerInvalidError(department, `exchange table layout changed (${code})`);
  }
  // Database messages may quote the values read, so only the SQLSTATE travels on.
  const reason = UNAVAILABLE_REASONS[code] ?? `exchange database refused the read (${code})`;
  return new DepartmentUnavailableError(department, reason);
}

function parseAnswer<Row>(
  source: ExchangeSource<Row>,
  rows: unknown[],
  logger: Logger,
): { rows: Row[] } {
  const parsed = source.records.safeParse({ rows });
  if (parsed.success) return parsed.data;

  // Issue messages name the field and the rule, never the value that broke it.
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? 'rows';
  logger.warn({ where, issues: parsed.error.issues.length }, 'exchange answer invalid');
  throw new DepartmentAnswerInvalidError(source.department, `${where}: ${issue?.message ?? ''}`);
}

function ignore(): void {}
