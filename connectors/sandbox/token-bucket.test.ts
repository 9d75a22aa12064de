import { describe, expect, it } from 'vitest';

import { TokenBucket } from './token-bucket.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let at = 0;
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('token bucket', () => {
  it('lets one second of lookups through at once, then asks to wait', () => {
    const time = clock();
    const bucket = new TokenBucket(5, time.now);

    const waits = Array.from({ length: 6 }, () => bucket.take());
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits[5]).toBe(200);
  });

  it('refills continuously at the rate', () => {
    const time = clock();
    const bucket = new TokenBucket(2, time.now);
    bucket.take();
    bucket.take();

    time.advance(250);
    expect(bucket.take()).toBe(250);
    time.advance(250);
    expect(bucket.take()).toBe(0);
  });

  it('holds at least one token for rates below one a second', () => {
    const time = clock();
    const bucket = new TokenBucket(0.1, time.now);

    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(10_000);
  });
});
