import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import { findFamiliesByReferences, insertBatchChecks } from './batch-check.repository.js';
import type { LineVerdict } from './batch-line.js';
import {
  type BatchCounts,
  type BatchRejection,
  addBatchCounts,
  insertBatchRejections,
} from './batch.repository.js';

export interface SliceOutcome {
  /** Ids of the checks this slice made, to be queued once it is committed. */
  created: string[];
  counts: BatchCounts;
  /** In line order. */
  rejections: BatchRejection[];
}

interface AcceptedLine {
  line: number;
  family: DeclaredFamily;
}

const REFERENCE_REUSED = {
  path: 'reference',
  message: 'already used by this submitter for a different declaration',
};

/**
 * Stores a slice of judged lines in one transaction: its checks and their
 * lookups, its rejected lines and the batch's counts. The first declaration
 * under a reference is kept, whether it came earlier in this batch, in an
 * earlier batch or alone; a later line that declares the same is a repeat,
 * one that declares something else is rejected.
 */
export async function storeBatchSlice(
  db: Kysely<Database>,
  batch: { id: string; submitter: string },
  verdicts: readonly LineVerdict[],
  departments: readonly string[],
): Promise<SliceOutcome> {
  const rejections: BatchRejection[] = [];
  const groups = new Map<string, AcceptedLine[]>();
  for (const verdict of verdicts) {
    if ('problems' in verdict) rejections.push(verdict);
    else appendTo(groups, verdict.family.reference, verdict);
  }

  return db.transaction().execute(async (trx) => {
    const firsts = [...groups.values()].map((group) => group[0]).filter((g) => g !== undefined);
    const created = await insertBatchChecks(
      trx,
      batch,
      firsts.map((first) => ({ id: randomUUID(), family: first.family })),
      departments,
    );
    const earlier = [...groups.keys()].filter((reference) => !created.has(reference));
    const stored = await findFamiliesByReferences(trx, batch.submitter, earlier);

    const repeated = sortRepeats(groups, created, stored, rejections);
    rejections.sort((a, b) => a.line - b.line);
    const counts = {
      lines: verdicts.length,
      accepted: created.size + repeated,
      repeated,
      rejected: rejections.length,
    };
    await insertBatchRejections(trx, batch.id, rejections);
    await addBatchCounts(trx, batch.id, counts);
    return { created: [...created.values()], counts, rejections };
  });
}

/**
 * Compares every line that did not make a check with the declaration kept
 * under its reference; returns how many were repeats and adds the others to
 * the rejections.
 */
function sortRepeats(
  groups: Map<string, AcceptedLine[]>,
  created: Map<string, string>,
  stored: Map<string, unknown>,
  rejections: BatchRejection[],
): number {
  let repeated = 0;
  for (const [reference, group] of groups) {
    const madeHere = created.has(reference);
    const kept = madeHere ? group[0]?.family : stored.get(reference);
    for (const [index, entry] of group.entries()) {
      if (madeHere && index === 0) continue;
      if (isDeepStrictEqual(kept, entry.family)) repeated += 1;
      else rejections.push({ line: entry.line, problems: [REFERENCE_REUSED] });
    }
  }
  return repeated;
}

function appendTo(groups: Map<string, AcceptedLine[]>, key: string, entry: AcceptedLine): void {
  const group = groups.get(key);
  if (group) group.push(entry);
  else groups.set(key, [entry]);
}
