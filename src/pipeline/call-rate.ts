import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type { CallPacer } from '../../connectors/contract.js';

/**
 * One call against a department's rate, for every process at once: a
 * generic cell rate algorithm on one Redis key holding the theoretical
 * arrival time of the next call, in milliseconds of Redis's own clock. A
 * second's worth of calls (at least one) may go at once, as a department's
 * gateway usually allows. Returns 0 when the call may go now, else the
 * milliseconds to wait before asking again; a forced call always goes and
 * is counted.
 */
const TAKE_CALL = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + tonumber(now_parts[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local forced = ARGV[3] == '1'
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - burst - now
if wait > 0 and not forced then return math.ceil(wait) end
local next_tat = tat + interval
redis.call('SET', KEYS[1], tostring(next_tat), 'PX', math.ceil(next_tat - now + burst) + 1000)
return 0
`;

/** A call waits at most this long on Redis before it goes unpaced. */
const COUNT_TIMEOUT_MS = 500;

/**
 * A Redis connection for counting calls: a command sent while it connects
 * waits for it, one sent while Redis is away gives up soon.
 */
export function connectCallRateRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: COUNT_TIMEOUT_MS });
  redis.on('error', () => undefined);
  return redis;
}

type RateRedis = Redis & {
  takeCall(key: string, intervalMs: number, burstMs: number, forced: 0 | 1): Promise<number>;
};

/**
 * Keeps the calls every worker process makes to a department within its
 * `_RATE_PER_SECOND`. While Redis does not answer, calls go unpaced: the
 * department's own 429 still holds us back, and the work must not stop.
 */
export class SharedCallRate implements CallPacer {
  private readonly redis: RateRedis;
  private readonly key: string;
  private readonly intervalMs: number;
  private readonly burstMs: number;
  private unpaced = false;

  constructor(
    redis: Redis,
    prefix: string,
    department: string,
    ratePerSecond: number,
    private readonly logger: Logger,
  ) {
    if (!('takeCall' in redis)) {
      redis.defineCommand('takeCall', { numberOfKeys: 1, lua: TAKE_CALL });
    }
    this.redis = redis as RateRedis;
    this.key = `${prefix}:call-rate:${department}`;
    this.intervalMs = 1000 / ratePerSecond;
    this.burstMs = (Math.max(1, ratePerSecond) - 1) * this.intervalMs;
  }

  async take(urgent: boolean, signal: AbortSignal): Promise<void> {
    for (;;) {
      const waitMs = await this.ask(urgent);
      if (waitMs <= 0) return;
      await sleep(waitMs, undefined, { signal });
    }
  }

  private async ask(urgent: boolean): Promise<number> {
    try {
      const waitMs = await this.redis.takeCall(
        this.key, this.intervalMs, this.burstMs, urgent ? 1 : 0,
      );
      if (this.unpaced) this.logger.info('call rate counted in Redis again');
      this.unpaced = false;
      return waitMs;
    } catch (err) {
      if (!this.unpaced) this.logger.warn({ err }, 'call rate unreadable, calls go unpaced');
      this.unpaced = true;
      return 0;
    }
  }
}
