import { z } from 'zod';

import type { SandboxFaults } from '../contract.js';
import { TokenBucket } from './token-bucket.js';

/** A change to some of a sandbox's faults, as the operator route and `setFaults` take it. */
export const sandboxFaultsPatch = z
  .strictObject({
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: z.number().min(0).max(1),
    ratePerSecond: z.number().positive().nullable(),
    down: z.boolean(),
  })
  .partial();

export const NO_FAULTS: SandboxFaults = {
  latencyMs: 0,
  errorRate: 0,
  ratePerSecond: null,
  down: false,
};

const SERVER_ERROR_STATUSES = [500, 502, 503] as const;

export type ServerErrorStatus = (typeof SERVER_ERROR_STATUSES)[number];

/** How a lookup is answered instead of with records. */
export type Fault =
  | { kind: 'down' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server-error'; status: ServerErrorStatus };

/** The faults a sandbox currently shows, and the decision each lookup gets. */
export class FaultModel {
  private current: SandboxFaults = { ...NO_FAULTS };
  private bucket: TokenBucket | null = null;

  constructor(private readonly random: () => number = Math.random) {}

  get faults(): SandboxFaults {
    return { ...this.current };
  }

  /** Throws a ZodError naming the field when a value is out of range. */
  update(patch: Partial<SandboxFaults>): SandboxFaults {
    const valid = sandboxFaultsPatch.parse(patch);
    this.current = { ...this.current, ...valid };

    // A new limit starts with a full bucket, as a gateway reconfigured at run time does.
    if (valid.ratePerSecond !== undefined) {
      this.bucket = valid.ratePerSecond === null ? null : new TokenBucket(valid.ratePerSecond);
    }
    return this.faults;
  }

  /**
   * Decides how a lookup that has just arrived is answered; null lets it
   * through. A department under maintenance refuses before counting the
   * lookup against the rate, and a refused lookup never reaches the error rate.
   */
  judge(): Fault | null {
    if (this.current.down) return { kind: 'down' };

    const waitMs = this.bucket?.take() ?? 0;
    if (waitMs > 0) {
      return { kind: 'rate-limited', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }

    if (this.random() < this.current.errorRate) {
      return { kind: 'server-error', status: this.pickStatus() };
    }
    return null;
  }

  private pickStatus(): ServerErrorStatus {
    const index = Math.floor(this.random() * SERVER_ERROR_STATUSES.length);
    return SERVER_ERROR_STATUSES[index] ?? 500;
  }
}
