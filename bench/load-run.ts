import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWriteStream } from 'node:fs';

import { type Kysely, sql } from 'kysely';

import { uploadBatch } from '../src/batches/upload-batch.js';
import { ProgressLine } from '../src/cli/progress-line.js';
import { generateFamilies } from '../src/dataset/generate-dataset.js';
import type { Database } from '../src/db/schema.js';
import type { DeclaredFamily } from '../src/domain/declared-family.js';
import { percentile } from './bench-report.js';

export interface LoadOptions {
  api: string;
  token: string;
  submitter: string;
  db: Kysely<Database>;
  /** The batch: what `crosscheck generate` wrote for this run. */
  batchFile: string;
  batchFamilies: number;
  /** Sent one by one through POST /v1/checks while the batch is being checked. */
  singles: readonly DeclaredFamily[];
  /** Departments asked as soon as a check is accepted. */
  firstRound: readonly string[];
  timeoutMs: number;
}

export interface LoadFigures {
  /** Checks finished, batch and singles together. */
  checks: number;
  uploadSeconds: number;
  /** From the first submission to the last check finished. */
  seconds: number;
  singleLatenciesMs: number[];
  /** Where the single checks' time went, each step's median from submission. */
  singlePath: SinglePath;
}

/**
 * Milliseconds from submission, medians over the single checks: to the first
 * department asked, to the last answer of the departments asked at once, to
 * the last answer of all, and to the check complete.
 */
export interface SinglePath {
  firstAsked: number;
  firstRound: number;
  allAnswered: number;
  complete: number;
}

/**
 * Writes the data set's families as NDJSON: the first `singles` are kept
 * apart for single submissions, the rest go to the batch file.
 */
export async function writeFamilies(
  file: string,
  options: { seed: number; families: number; singles: number },
): Promise<DeclaredFamily[]> {
  const out = createWriteStream(file);
  const singles: DeclaredFamily[] = [];
  const total = options.families + options.singles;
  for await (const generated of generateFamilies({ seed: options.seed, families: total })) {
    if (singles.length < options.singles) singles.push(generated.family);
    else if (!out.write(`${JSON.stringify(generated.family)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return singles;
}

/**
 * Uploads the batch and, meanwhile, sends the single checks spread over the
 * run by the batch's progress; then waits for every check to finish. Reads
 * progress from PostgreSQL, never from the pipeline's queues.
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const started = Date.now();
  const progress = new FinishedCounts(options.db, options.submitter);
  try {
    const singles = sendSingles(options, progress);
    singles.catch(() => undefined);

    const receipt = await uploadBatch(
      { api: options.api, token: options.token },
      options.batchFile,
      () => undefined,
    );
    if (receipt.status !== 202) throw new Error(`the batch was answered ${receipt.status}`);
    const uploadSeconds = (Date.now() - started) / 1000;

    const expected = options.batchFamilies + options.singles.length;
    const [singleIds] = await Promise.all([
      singles,
      waitForChecks(progress, expected, started + options.timeoutMs),
    ]);

    const finishedAt = await lastCompletion(options.db, options.submitter);
    return {
      checks: expected,
      uploadSeconds,
      seconds: (finishedAt.getTime() - started) / 1000,
      singleLatenciesMs: await completionLatencies(options.db, singleIds),
      singlePath: await singlePath(options.db, singleIds, options.firstRound),
    };
  } finally {
    progress.stop();
  }
}

/**
 * Finished checks of the run, counted once a second for everything that
 * follows the run: each count reads every check of the submitter, and
 * counting more often would load the database being measured.
 */
class FinishedCounts {
  private counts = { batch: 0, all: 0 };
  private waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly db: Kysely<Database>, private readonly submitter: string) {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  /** The counts of the last poll. */
  latest(): { batch: number; all: number } {
    return this.counts;
  }

  /** The counts after the next poll. */
  async next(): Promise<{ batch: number; all: number }> {
    await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    return this.counts;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const waiters = this.waiters;
    this.waiters = [];
    try {
      const row = await this.db
        .selectFrom('checks')
        .select((eb) => [
          eb.fn.countAll<string>().filterWhere('batch_id', 'is not', null).as('batch'),
          eb.fn.countAll<string>().as('all'),
        ])
        .where('submitter', '=', this.submitter)
        .where('status', 'in', ['complete', 'partial'])
        .executeTakeFirstOrThrow();
      this.counts = { batch: Number(row.batch), all: Number(row.all) };
      for (const waiter of waiters) waiter.resolve();
    } catch (err) {
      for (const waiter of waiters) waiter.reject(err);
    } finally {
      this.polling = false;
    }
  }
}

const POLL_MS = 1000;

/** Single i goes once i/n of the batch has finished, so they sample the whole run. */
async function sendSingles(options: LoadOptions, progress: FinishedCounts): Promise<string[]> {
  const ids: string[] = [];
  const deadline = Date.now() + options.timeoutMs;
  for (const [index, family] of options.singles.entries()) {
    const due = Math.floor((index * options.batchFamilies) / options.singles.length);
    while (progress.latest().batch < due && (await progress.next()).batch < due) {
      if (Date.now() > deadline) throw new Error('the batch made no progress in time');
    }
    ids.push(await submitSingle(options, family));
  }
  return ids;
}

/**
 * Sends single checks one at a time, each once the one before has finished,
 * to a pipeline with nothing else to do: the floor that the latencies under
 * load are compared with.
 */
export async function runIdleSingles(
  options: Omit<LoadOptions, 'batchFile' | 'batchFamilies'>,
): Promise<{ latenciesMs: number[]; path: SinglePath }> {
  const ids: string[] = [];
  for (const family of options.singles) {
    const id = await submitSingle(options, family);
    const deadline = Date.now() + options.timeoutMs;
    while (!(await isFinished(options.db, id))) {
      if (Date.now() > deadline) throw new Error('a single check did not finish in time');
      await sleep(IDLE_POLL_MS);
    }
    ids.push(id);
  }
  return {
    latenciesMs: await completionLatencies(options.db, ids),
    path: await singlePath(options.db, ids, options.firstRound),
  };
}

/** How often a lone check is looked at; far below its latency, and light on an idle database. */
const IDLE_POLL_MS = 5;

async function isFinished(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('checks')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.status === 'complete' || row?.status === 'partial';
}

async function submitSingle(
  options: Pick<LoadOptions, 'api' | 'token'>,
  family: DeclaredFamily,
): Promise<string> {
  const response = await fetch(new URL('/v1/checks', options.api), {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(family),
  });
  const body = (await response.json()) as { id?: string };
  if (response.status !== 202 || !body.id) {
    throw new Error(`a single check was answered ${response.status}`);
  }
  return body.id;
}

async function waitForChecks(progress: FinishedCounts, expected: number, deadline: number) {
  const line = new ProgressLine();
  for (;;) {
    const { all: finished } = await progress.next();
    line.update(`checks finished ${finished} of ${expected}`);
    if (finished >= expected) break;
    if (Date.now() > deadline) throw new Error(`only ${finished} of ${expected} checks finished`);
  }
  line.end(`checks finished ${expected} of ${expected}`);
}

async function lastCompletion(db: Kysely<Database>, submitter: string): Promise<Date> {
  const row = await db
    .selectFrom('checks')
    .select((eb) => eb.fn.max('completed_at').as('last'))
    .where('submitter', '=', submitter)
    .executeTakeFirstOrThrow();
  if (!row.last) throw new Error('no check finished');
  return new Date(row.last);
}

async function completionLatencies(db: Kysely<Database>, ids: string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('checks')
    .select(sql<string>`extract(epoch from completed_at - submitted_at) * 1000`.as('ms'))
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => Number(r.ms));
}

async function singlePath(
  db: Kysely<Database>,
  ids: readonly string[],
  firstRound: readonly string[],
): Promise<SinglePath> {
  const none = { firstAsked: NaN, firstRound: NaN, allAnswered: NaN, complete: NaN };
  if (ids.length === 0 || firstRound.length === 0) return none;
  const since = (at: string) =>
    sql<string>`extract(epoch from ${sql.raw(at)} - c.submitted_at) * 1000`;
  const rows = await db
    .selectFrom('checks as c')
    .innerJoin('department_lookups as l', 'l.check_id', 'c.id')
    .select([
      since('min(l.started_at)').as('firstAsked'),
      sql<string>`extract(epoch from max(l.finished_at) filter (where l.department in (${
        sql.join(firstRound)})) - c.submitted_at) * 1000`.as('firstRound'),
      since('max(l.finished_at)').as('allAnswered'),
      since('c.completed_at').as('complete'),
    ])
    .where('c.id', 'in', ids)
    .groupBy(['c.id', 'c.submitted_at', 'c.completed_at'])
    .execute();
  const median = (key: keyof SinglePath) => percentile(rows.map((r) => Number(r[key])), 50);
  return {
    firstAsked: median('firstAsked'),
    firstRound: median('firstRound'),
    allAnswered: median('allAnswered'),
    complete: median('complete'),
  };
}
