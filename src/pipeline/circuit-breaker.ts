import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface CircuitSettings {
  /** Failed lookups in a row that open the circuit. */
  threshold: number;
  /** How long it stays open before one probe is let through. */
  coolDownMs: number;
}

/** Whether a lookup may ask the department now, or how long its queue should wait. */
export type CircuitGate = { pass: true } | { pass: false; waitMs: number };

const PASS: CircuitGate = { pass: true };

/** While a probe is out, the other lookups look again this often. */
const PROBE_POLL_MS = 1000;

/**
 * A circuit breaker per department whose state lives in Redis under the
 * configured prefix, so every worker process of every host sees the same
 * circuit and a department that is down is spared by all of them at once.
 * Four plain keys, no script:
 *
 * - `failures`: failed lookups in a row (INCR; removed by a success);
 * - `open`: present while the circuit is open; expires after the cool-down;
 * - `tripped`: present from opening until a lookup succeeds; with `open`
 *   gone it means half-open;
 * - `probe`: the single lookup let through while half-open (SET NX, with a
 *   lease so a probe that never reports does not hold the circuit shut).
 *
 * The keys are read and written without a transaction: two workers may both
 * open the circuit or both log a change, which costs a log line, not a lookup.
 * A Redis that does not answer lets every lookup through: the breaker spares
 * departments, it must not stop the work.
 */
export class CircuitBreaker {
  private readonly keys: Record<'failures' | 'open' | 'tripped' | 'probe', string>;

  /** `logger` is the department's own, so its lines name the department. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
    department: string,
    private readonly settings: CircuitSettings,
    private readonly logger: Logger,
  ) {
    const base = `${prefix}:circuit:${department}`;
    this.keys = {
      failures: `${base}:failures`,
      open: `${base}:open`,
      tripped: `${base}:tripped`,
      probe: `${base}:probe`,
    };
  }

  /** Asks whether a lookup may go ahead now. */
  async admit(): Promise<CircuitGate> {
    try {
      return await this.gate();
    } catch (err) {
      this.logger.debug({ err }, 'circuit state unreadable, letting the lookup through');
      return PASS;
    }
  }

  /** A lookup the department answered: the circuit closes. */
  async recordSuccess(): Promise<void> {
    await this.quietly(async () => {
      const [, tripped] = await this.redis
        .multi()
        .del(this.keys.failures)
        .del(this.keys.tripped)
        .del(this.keys.probe)
        .exec() ?? [];
      if (tripped?.[1] === 1) this.logger.warn({ circuit: 'closed' }, 'circuit closed');
    });
  }

  /** A lookup the department failed (down, timed out, server error). */
  async recordFailure(): Promise<void> {
    await this.quietly(async () => {
      const failures = await this.redis.incr(this.keys.failures);
      if (failures >= this.settings.threshold) await this.open(failures);
    });
  }

  private async gate(): Promise<CircuitGate> {
    // One round trip for the usual case, a closed circuit.
    const [open, tripped] = await this.redis
      .multi()
      .pttl(this.keys.open)
      .exists(this.keys.tripped)
      .exec() ?? [];
    if (!open || !tripped || open[0] || tripped[0]) {
      throw open?.[0] ?? tripped?.[0] ?? new Error('circuit state not read');
    }
    const openForMs = Number(open[1]);
    if (openForMs > 0) return { pass: false, waitMs: openForMs };
    if (Number(tripped[1]) === 0) return PASS;

    const lease = await this.redis.set(this.keys.probe, '1', 'PX', this.settings.coolDownMs, 'NX');
    if (lease !== 'OK') return { pass: false, waitMs: this.probePollMs() };
    this.logger.warn({ circuit: 'half-open' }, 'circuit half-open, probing');
    return PASS;
  }

  /**
   * Opens the circuit, or keeps it open: a failed probe, or a lookup that was
   * already on its way when the circuit opened, starts a new cool-down.
   */
  private async open(failures: number): Promise<void> {
    const opened = await this.redis
      .multi()
      .set(this.keys.open, '1', 'PX', this.settings.coolDownMs, 'GET')
      .set(this.keys.tripped, '1')
      .del(this.keys.probe)
      .exec() ?? [];
    const wasOpen = opened[0]?.[1] !== null && opened[0]?.[1] !== undefined;
    if (wasOpen) return;
    this.logger.warn(
      { circuit: 'open', failures, coolDownMs: this.settings.coolDownMs },
      'circuit opened',
    );
  }

  private probePollMs(): number {
    return Math.min(PROBE_POLL_MS, this.settings.coolDownMs);
  }

  private async quietly(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.logger.debug({ err }, 'circuit state not updated');
    }
  }
}
