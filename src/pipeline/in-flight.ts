import type { Redis } from 'ioredis';

/**
 * The checks Redis holds work for, each with when its last job was queued.
 * PostgreSQL says which checks are unfinished; this says which of them are
 * in hand, so the reconciler queues again only those whose jobs are gone: all
 * of them after Redis lost its data (the register went with it), or one
 * whose work was queued so long ago that it can only have been lost. It lives
 * beside the jobs, so it is never more durable than they are.
 */
export interface InFlightRegister {
  /**
   * The checks have jobs queued now. Never fails: a check left out is at
   * worst queued once more by the reconciler, and its jobs are idempotent.
   */
  mark(checkIds: readonly string[]): Promise<void>;
  /** The checks are finished; their entries go. */
  clear(checkIds: readonly string[]): Promise<void>;
  /** Of the checks, those with no entry, or one older than `leaseMs`. */
  lost(checkIds: readonly string[], leaseMs: number): Promise<string[]>;
}

const KEY = 'checks-in-flight';

/** The register kept in a sorted set under the queues' key prefix. */
export function inFlightRegister(client: Redis, prefix: string): InFlightRegister {
  const key = `${prefix}:${KEY}`;
  return {
    async mark(checkIds) {
      if (checkIds.length === 0) return;
      const now = Date.now();
      await client.zadd(key, ...checkIds.flatMap((id) => [now, id])).catch(() => undefined);
    },
    async clear(checkIds) {
      if (checkIds.length === 0) return;
      await client.zrem(key, ...checkIds);
    },
    async lost(checkIds, leaseMs) {
      if (checkIds.length === 0) return [];
      const scores = await client.zmscore(key, ...checkIds);
      const oldest = Date.now() - leaseMs;
      return checkIds.filter((_, i) => {
        const score = scores[i];
        return score === null || score === undefined || Number(score) < oldest;
      });
    },
  };
}
