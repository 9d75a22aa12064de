import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  DepartmentAnswerInvalidError,
  DepartmentRateLimitedError,
  DepartmentUnavailableError,
} from './errors.js';
import {
  CALL_RETRIES,
  DEFAULT_RETRY_AFTER_MS,
  createDepartmentClient,
  lookupInBatches,
  mergeRecords,
  retryAfterMs,
} from './http-client.js';
import { startCannedServer, type CannedAnswer } from './sandbox/canned-answer-server.js';
import { connectorSettings, rejectionOf } from './sandbox/connector-conformance.js';

const anything = z.unknown();
const lookup = { method: 'GET' as const, path: '/lookup', answer: anything, persons: 1 };

async function sendTo(answer: CannedAnswer, signal = new AbortController().signal) {
  const canned = await startCannedServer(answer);
  const client = createDepartmentClient('test-department', connectorSettings(canned.url, 1));
  try {
    return await client.send(lookup, { signal });
  } finally {
    await client.close();
    await canned.stop();
  }
}

describe('retry-after', () => {
  const now = Date.parse('2024-03-01T08:00:00Z');

  it('reads whole seconds', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(retryAfterMs('Fri, 01 Mar 2024 08:00:30 GMT', now)).toBe(30_000);
  });

  it('waits one second when the header is missing or unreadable', () => {
    expect(retryAfterMs(undefined, now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs('soon', now)).toBe(DEFAULT_RETRY_AFTER_MS);
  });
});

describe('department client faults', () => {
  it('surfaces a 429 with an HTTP-date Retry-After as rate limited', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const answer = { status: 429, headers: { 'retry-after': at }, body: {} };
    const error = await rejectionOf(sendTo(answer));

    expect(error).toBeInstanceOf(DepartmentRateLimitedError);
    const waitMs = (error as DepartmentRateLimitedError).retryAfterMs;
    expect(waitMs).toBeGreaterThan(27_000);
    expect(waitMs).toBeLessThanOrEqual(30_000);
  });

  it('treats a refused request (4xx) as invalid', async () => {
    const error = await rejectionOf(sendTo({ status: 404, body: { error: 'no such route' } }));
    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
  });

  it('treats an answer that is not JSON as invalid', async () => {
    const error = await rejectionOf(sendTo({ body: '<html>gateway</html>' }));
    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
  });

  it('reports a lookup aborted by its caller as unavailable', async () => {
    const error = await rejectionOf(sendTo({ body: {} }, AbortSignal.abort()));
    expect(error).toBeInstanceOf(DepartmentUnavailableError);
  });

  it('reports a department that refuses connections as unavailable', async () => {
    const canned = await startCannedServer({ body: {} });
    await canned.stop();
    const client = createDepartmentClient('test-department', connectorSettings(canned.url, 1));

    const error = await rejectionOf(client.send(lookup, { signal: new AbortController().signal }));
    await client.close();

    expect(error).toBeInstanceOf(DepartmentUnavailableError);
  });
});

describe('batches whose call fails for a passing reason', () => {
  /** One batch of one person, asked through the client. */
  async function askOnce(url: string) {
    const client = createDepartmentClient('test-department', connectorSettings(url, 1));
    const signal = new AbortController().signal;
    try {
      return await lookupInBatches(['person'], 1, { answers: [] as unknown[] }, async () =>
        ({ answers: [await client.send(lookup, { signal })] }));
    } finally {
      await client.close();
    }
  }

  it('are asked again, and the lookup goes on', async () => {
    const canned = await startCannedServer({ body: { ok: true }, failFirst: CALL_RETRIES });
    try {
      expect(await askOnce(canned.url)).toEqual({ answers: [{ ok: true }] });
      expect(canned.calls).toBe(CALL_RETRIES + 1);
    } finally {
      await canned.stop();
    }
  });

  it('fail the lookup once the retries are spent', async () => {
    const canned = await startCannedServer({ body: {}, failFirst: 1000 });
    try {
      expect(await rejectionOf(askOnce(canned.url))).toBeInstanceOf(DepartmentUnavailableError);
      expect(canned.calls).toBe(CALL_RETRIES + 1);
    } finally {
      await canned.stop();
    }
  });

  it('are not asked again when the department refuses the request itself', async () => {
    const canned = await startCannedServer({ status: 400, body: {} });
    try {
      expect(await rejectionOf(askOnce(canned.url))).toBeInstanceOf(DepartmentAnswerInvalidError);
      expect(canned.calls).toBe(1);
    } finally {
      await canned.stop();
    }
  });
});

describe('the rate limit of batch calls', () => {
  it('paces batch calls to the department rate and lets urgent calls through', async () => {
    const canned = await startCannedServer({ body: {} });
    const settings = { ...connectorSettings(canned.url, 1), ratePerSecond: 20 };
    const client = createDepartmentClient('test-department', settings);
    const send = (urgent: boolean) =>
      client.send(lookup, { signal: new AbortController().signal, urgent });
    try {
      // A second's worth goes at once; ten more take half a second.
      const started = performance.now();
      await Promise.all(Array.from({ length: 30 }, () => send(false)));
      const batchMs = performance.now() - started;
      expect(batchMs).toBeGreaterThanOrEqual(450);

      const urgentStarted = performance.now();
      await Promise.all(Array.from({ length: 30 }, () => send(true)));
      expect(performance.now() - urgentStarted).toBeLessThan(batchMs / 2);
    } finally {
      await client.close();
      await canned.stop();
    }
  });
});

describe('urgent lookups', () => {
  it('are answered while a batch holds every connection, not after it', async () => {
    const canned = await startCannedServer({ body: {}, delayMs: 150 });
    const client = createDepartmentClient('test-department', connectorSettings(canned.url, 1));
    const signal = () => new AbortController().signal;
    let bulkDone = 0;
    try {
      const bulk = Array.from({ length: 300 }, () =>
        client.send(lookup, { signal: signal() }).then(() => {
          bulkDone += 1;
        }),
      );
      await client.send(lookup, { signal: signal(), urgent: true });
      const doneWhenUrgentWas = bulkDone;
      await Promise.all(bulk);

      // The batch needs several rounds of its connections; the urgent call needs one.
      expect(doneWhenUrgentWas).toBeLessThan(150);
    } finally {
      await client.close();
      await canned.stop();
    }
  });
});

describe('merging answers', () => {
  it('keeps a record once when two answers hold it, whatever its key order', () => {
    const merged = mergeRecords({ deaths: [] as object[] }, [
      { deaths: [{ idNumber: 'a', diedOn: '2024-01-01' }] },
      {
        deaths: [
          { diedOn: '2024-01-01', idNumber: 'a' },
          { idNumber: 'b', diedOn: '2024-01-02' },
        ],
      },
    ]);

    expect(merged.deaths).toEqual([
      { idNumber: 'a', diedOn: '2024-01-01' },
      { idNumber: 'b', diedOn: '2024-01-02' },
    ]);
  });
});
