import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import { type AuditEntry, insertAuditEvent } from '../audit/audit.repository.js';
import type { DepartmentSettings } from '../config.js';
import { StatisticsRefresher } from '../db/planner-statistics.js';
import type { BatchStatus, Database } from '../db/schema.js';
import type { CheckQueues } from '../pipeline/queues.js';
import { enqueueBatchLookups } from './batch-queue.js';
import { type LineRules, type LineVerdict, judgeLine } from './batch-line.js';
import {
  type BatchCounts,
  type BatchRejection,
  insertBatch,
  updateBatchStatus,
} from './batch.repository.js';
import { readNdjsonLines } from './ndjson-lines.js';
import { type SliceOutcome, storeBatchSlice } from './store-batch-slice.js';

/** Lines stored per transaction: a few hundred rows per INSERT, well under 65,535 parameters. */
export const LINES_PER_SLICE = 250;

/** Rejected lines the answer to the upload lists; the rest are paged from the batch. */
export const REJECTIONS_IN_RECEIPT = 100;

export interface BatchDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  logger: Logger;
}

export interface BatchUpload {
  submitter: string;
  body: Readable;
  /** Bytes the whole body may hold. */
  maxBytes: number;
  rules: LineRules;
  /** Whether the sender finished the body; false when it broke off. */
  complete?: () => boolean;
  /** The audit row of the upload, stored with the batch itself. */
  audit?: (batchId: string) => AuditEntry;
}

export interface BatchReceipt extends BatchCounts {
  id: string;
  status: BatchStatus;
  /** The first rejected lines, in line order. */
  rejections: BatchRejection[];
}

/**
 * Reads a batch of declared families line by line and stores them a slice
 * at a time, each slice queued once it is committed; only one slice is held
 * at once. While one slice is written the next is read and judged. If the
 * upload breaks off, what was stored stays stored and queued, and the batch
 * is marked interrupted: sending the file again repeats those lines harmlessly.
 */
export async function submitBatch(deps: BatchDeps, upload: BatchUpload): Promise<BatchReceipt> {
  const receipt = emptyReceipt(randomUUID());
  const batch = { id: receipt.id, submitter: upload.submitter };
  await deps.db.transaction().execute(async (trx) => {
    await insertBatch(trx, { ...batch, area: upload.rules.area });
    if (upload.audit) await insertAuditEvent(trx, upload.audit(batch.id));
  });
  const log = deps.logger.child({ batchId: batch.id });
  const statistics = new StatisticsRefresher(deps.db, log);
  const writer = new SliceWriter(deps, batch, receipt, statistics);

  try {
    const lines = readNdjsonLines(upload.body, {
      maxBytes: upload.maxBytes,
      maxLineBytes: upload.rules.maxLineBytes,
      ...(upload.complete ? { complete: upload.complete } : {}),
    });
    for await (const line of lines) await writer.add(judgeLine(line, upload.rules));
    await writer.finish();
  } catch (err) {
    // The upload's own failure is what the caller hears of; these are only logged.
    await writer.finish().catch((cause: unknown) => log.warn({ err: cause }, 'batch slice lost'));
    await finishBatch(deps.db, receipt, 'interrupted', log)
      .catch((cause: unknown) => log.warn({ err: cause }, 'batch status not recorded'));
    throw new BatchInterruptedError(receipt, err);
  }

  await finishBatch(deps.db, receipt, 'queued', log);
  statistics.finished();
  return receipt;
}

/** A batch that stopped before the end of its body, with what was kept of it. */
export class BatchInterruptedError extends Error {
  constructor(readonly receipt: BatchReceipt, override readonly cause: unknown) {
    super(`batch ${receipt.id} interrupted`, { cause });
    this.name = 'BatchInterruptedError';
  }
}

function emptyReceipt(id: string): BatchReceipt {
  return {
    id,
    status: 'receiving',
    lines: 0,
    accepted: 0,
    repeated: 0,
    rejected: 0,
    rejections: [],
  };
}

async function finishBatch(
  db: Kysely<Database>,
  receipt: BatchReceipt,
  status: BatchStatus,
  log: Logger,
): Promise<void> {
  receipt.status = status;
  await updateBatchStatus(db, receipt.id, status);
  const { lines, accepted, repeated, rejected } = receipt;
  log.info({ status, lines, accepted, repeated, rejected }, 'batch received');
}

/** Collects judged lines into slices and writes them one after another, one in flight. */
class SliceWriter {
  private slice: LineVerdict[] = [];
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: BatchDeps,
    private readonly batch: { id: string; submitter: string },
    private readonly receipt: BatchReceipt,
    private readonly statistics: StatisticsRefresher,
  ) {}

  async add(verdict: LineVerdict): Promise<void> {
    this.slice.push(verdict);
    if (this.slice.length < LINES_PER_SLICE) return;
    await this.flush();
  }

  /** Writes what is left and waits for every write. */
  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    // Slices are written in order, so the first line under a reference is the one kept.
    await this.inFlight;
    const slice = this.slice;
    this.slice = [];
    if (slice.length === 0) return;
    this.inFlight = this.write(slice);
    // Awaited by the next flush or by finish; a failure is not unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }

  private async write(slice: LineVerdict[]): Promise<void> {
    const names = this.deps.departments.map((d) => d.name);
    const outcome = await storeBatchSlice(this.deps.db, this.batch, slice, names);
    this.count(outcome);
    this.statistics.added(outcome.created.length);
    await this.enqueue(outcome.created);
  }

  private count(outcome: SliceOutcome): void {
    const receipt = this.receipt;
    receipt.lines += outcome.counts.lines;
    receipt.accepted += outcome.counts.accepted;
    receipt.repeated += outcome.counts.repeated;
    receipt.rejected += outcome.counts.rejected;
    const room = REJECTIONS_IN_RECEIPT - receipt.rejections.length;
    if (room > 0) receipt.rejections.push(...outcome.rejections.slice(0, room));
  }

  private async enqueue(checkIds: string[]): Promise<void> {
    const { queues, departments, settings, logger } = this.deps;
    try {
      await enqueueBatchLookups(queues, checkIds, departments, settings);
    } catch (err) {
      // Stored is enough: the reconciler queues every unfinished check from PostgreSQL.
      logger.warn({ err, batchId: this.batch.id, checks: checkIds.length },
        'batch checks stored but not queued; reconciler will');
    }
  }
}
