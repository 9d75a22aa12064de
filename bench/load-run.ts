import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { type Kysely, sql } from 'kysely';

import { uploadBatch } from '../src/batches/upload-batch.js';
import { ProgressLine } from '../src/cli/progress-line.js';
import { generateFamilies } from '../src/dataset/generate-dataset.js';
import type { Database } from '../src/db/schema.js';
import type { DeclaredFamily } from '../src/domain/declared-family.js';

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
  timeoutMs: number;
}

export interface LoadFigures {
  /** Checks finished, batch and singles together. */
  checks: number;
  uploadSeconds: number;
  /** From the first submission to the last check finished. */
  seconds: number;
  singleLatenciesMs: number[];
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
  const singles = sendSingles(options);
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
    waitForChecks(options, expected, started + options.timeoutMs),
  ]);

  const finishedAt = await lastCompletion(options.db, options.submitter);
  return {
    checks: expected,
    uploadSeconds,
    seconds: (finishedAt.getTime() - started) / 1000,
    singleLatenciesMs: await completionLatencies(options.db, singleIds),
  };
}

/** Single i goes once i/n of the batch has finished, so they sample the whole run. */
async function sendSingles(options: LoadOptions): Promise<string[]> {
  const ids: string[] = [];
  const deadline = Date.now() + options.timeoutMs;
  for (const [index, family] of options.singles.entries()) {
    const due = Math.floor((index * options.batchFamilies) / options.singles.length);
    while ((await countFinished(options.db, options.submitter, 'batch')) < due) {
      if (Date.now() > deadline) throw new Error('the batch made no progress in time');
      await sleep(250);
    }
    ids.push(await submitSingle(options, family));
  }
  return ids;
}

async function submitSingle(options: LoadOptions, family: DeclaredFamily): Promise<string> {
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

async function waitForChecks(options: LoadOptions, expected: number, deadline: number) {
  const progress = new ProgressLine();
  for (;;) {
    const finished = await countFinished(options.db, options.submitter, 'all');
    progress.update(`checks finished ${finished} of ${expected}`);
    if (finished >= expected) break;
    if (Date.now() > deadline) throw new Error(`only ${finished} of ${expected} checks finished`);
    await sleep(500);
  }
  progress.end(`checks finished ${expected} of ${expected}`);
}

async function countFinished(
  db: Kysely<Database>,
  submitter: string,
  which: 'batch' | 'all',
): Promise<number> {
  let query = db
    .selectFrom('checks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('submitter', '=', submitter)
    .where('status', 'in', ['complete', 'partial']);
  if (which === 'batch') query = query.where('batch_id', 'is not', null);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
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
