import { afterEach, describe, expect, it, vi } from 'vitest';

import { runDemo } from '../../src/demo/run-demo.js';
import { silentLogger } from '../support/logger.js';
import { isolatedConfig } from '../support/stack.js';

describe('the demo', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends a batch and single families to flaky departments and finds every planted entry', {
    timeout: 120_000,
  }, async () => {
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });

    const finished = await runDemo({
      config: await isolatedConfig(),
      logger: silentLogger,
      families: 150,
      seed: 11,
      concurrency: 4,
      timeoutMs: 100_000,
    });
    vi.restoreAllMocks();

    const output = printed.join('');
    expect(finished, output).toBe(true);
    expect(output).toContain('130 as one batch, 20 on their own');
    expect(output).toMatch(/planted in the data set: \d+; found: (\d+); missed: 0/);
  });
});
