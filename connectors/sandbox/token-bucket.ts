/**
 * Lookups a second the way a department's gateway counts them: a bucket that
 * holds one second's worth of tokens (at least one) and refills continuously,
 * so a short burst passes and a sustained excess is refused.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.refilledAt = now();
  }

  /** Takes a token. Returns 0 when one was free, else the milliseconds until one will be. */
  take(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(): void {
    const at = this.now();
    const earned = ((at - this.refilledAt) / 1000) * this.ratePerSecond;
    this.tokens = Math.min(this.capacity, this.tokens + earned);
    this.refilledAt = at;
  }
}
