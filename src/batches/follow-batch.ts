import { setTimeout as sleep } from 'node:timers/promises';

import type { z } from 'zod';

import { batchProgress } from './batch.schemas.js';
import type { ApiTarget } from './upload-batch.js';

export type BatchProgress = z.infer<typeof batchProgress>;

export interface FollowOptions {
  everyMs: number;
  timeoutMs: number;
  onProgress(progress: BatchProgress): void;
}

/** Checks of the batch that are still to finish; repeats made no check of their own. */
export function checksLeft(progress: BatchProgress): number {
  const made = progress.accepted - progress.repeated;
  return Math.max(0, made - progress.checks.complete - progress.checks.partial);
}

/**
 * Polls GET /v1/batches/{id} until every check the batch made is complete or
 * partial; the API has no push channel. Throws when the time runs out.
 */
export async function followBatch(
  target: ApiTarget,
  id: string,
  options: FollowOptions,
): Promise<BatchProgress> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const progress = await fetchBatchProgress(target, id);
    options.onProgress(progress);
    if (progress.status !== 'receiving' && checksLeft(progress) === 0) return progress;
    if (Date.now() > deadline) {
      throw new Error(`batch ${id} still has ${checksLeft(progress)} checks to finish`);
    }
    await sleep(options.everyMs);
  }
}

export async function fetchBatchProgress(target: ApiTarget, id: string): Promise<BatchProgress> {
  const response = await fetch(new URL(`/v1/batches/${id}`, target.api), {
    headers: { authorization: `Bearer ${target.token}` },
  });
  if (response.status !== 200) throw new Error(`GET /v1/batches/${id} answered ${response.status}`);
  return batchProgress.parse(await response.json());
}
