import { randomBytes } from 'node:crypto';

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';

import { createDepartmentClient } from '../../connectors/http-client.js';
import {
  type CannedServer,
  startCannedServer,
} from '../../connectors/sandbox/canned-answer-server.js';
import { connectorSettings } from '../../connectors/sandbox/connector-conformance.js';
import { SharedCallRate, connectCallRateRedis } from '../../src/pipeline/call-rate.js';
import { silentLogger } from '../support/logger.js';

const lookup = { method: 'GET' as const, path: '/lookup', answer: z.unknown(), persons: 1 };
const RATE = 20;

/**
 * The department's rate counted in Redis: two worker processes, each with
 * its own connection, keep to it together.
 */
describe('a department call rate shared by every process', () => {
  const prefix = `${inject('redisPrefix')}-rate-${randomBytes(3).toString('hex')}`;
  const connections: Redis[] = [];
  let canned: CannedServer;
  let department = 0;

  beforeAll(async () => {
    canned = await startCannedServer({ body: {} });
  });

  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await canned?.stop();
  });

  /** A client as one process would build it, pacing calls through its own Redis connection. */
  function processClient(name: string, redis = connectCallRateRedis(inject('redisUrl'))) {
    connections.push(redis);
    const callPacer = new SharedCallRate(redis, prefix, name, RATE, silentLogger);
    const client = createDepartmentClient(name, {
      ...connectorSettings(canned.url, 1), ratePerSecond: RATE, callPacer,
    });
    const send = (urgent: boolean) =>
      client.send(lookup, { signal: new AbortController().signal, urgent });
    return { send, close: () => client.close() };
  }

  function twoProcesses() {
    department += 1;
    const name = `dept-${department}`;
    return [processClient(name), processClient(name)] as const;
  }

  it('paces the batch calls of two processes to one rate between them', async () => {
    const [first, second] = twoProcesses();
    try {
      // A second's worth goes at once; the other forty take two seconds, whoever makes them.
      const started = performance.now();
      await Promise.all(Array.from({ length: 30 }, () => [first.send(false), second.send(false)])
        .flat());
      expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('lets urgent calls through at once and counts them against the batch calls', async () => {
    const [first, second] = twoProcesses();
    try {
      const started = performance.now();
      await Promise.all(Array.from({ length: 40 }, () => first.send(true)));
      expect(performance.now() - started).toBeLessThan(1000);

      // Forty calls made: the next batch call waits for the second one's share to come back.
      const batchStarted = performance.now();
      await second.send(false);
      expect(performance.now() - batchStarted).toBeGreaterThanOrEqual(900);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('lets calls go unpaced while Redis does not answer', async () => {
    department += 1;
    const away = connectCallRateRedis('redis://127.0.0.1:1');
    const lone = processClient(`dept-${department}`, away);
    try {
      const started = performance.now();
      await Promise.all(Array.from({ length: 60 }, () => lone.send(false)));
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await lone.close();
    }
  });
});
