import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { CircuitBreaker, type CircuitSettings } from '../../src/pipeline/circuit-breaker.js';
import { connectCircuitRedis } from '../../src/pipeline/workers.js';
import { WARN, logLineRecorder } from '../support/log-lines.js';
import { silentLogger } from '../support/logger.js';
import { pollUntil } from '../support/poll.js';

const SETTINGS: CircuitSettings = { threshold: 3, coolDownMs: 1000 };

describe('a department circuit kept in Redis', () => {
  let redis: Redis;
  const prefix = `${inject('redisPrefix')}-circuit-${randomBytes(3).toString('hex')}`;
  let department = 0;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });

  afterAll(() => {
    redis.disconnect();
  });

  /** A breaker on a department no other test uses. */
  function breaker(logger = silentLogger, client = redis) {
    department += 1;
    return new CircuitBreaker(client, prefix, `dept-${department}`, SETTINGS, logger);
  }

  async function fail(circuit: CircuitBreaker, times: number) {
    for (let i = 0; i < times; i += 1) await circuit.recordFailure();
  }

  it('opens after the threshold of failures in a row, for the cool-down', async () => {
    const circuit = breaker();
    await fail(circuit, SETTINGS.threshold - 1);
    expect(await circuit.admit()).toEqual({ pass: true });

    await fail(circuit, 1);
    const gate = await circuit.admit();
    expect(gate.pass).toBe(false);
    expect(gate.pass === false && gate.waitMs).toBeGreaterThan(0);
    expect(gate.pass === false && gate.waitMs).toBeLessThanOrEqual(SETTINGS.coolDownMs);
  });

  it('counts only failures in a row: a success starts the count again', async () => {
    const circuit = breaker();
    await fail(circuit, SETTINGS.threshold - 1);
    await circuit.recordSuccess();
    await fail(circuit, SETTINGS.threshold - 1);

    expect(await circuit.admit()).toEqual({ pass: true });
  });

  it('lets one probe through after the cool-down and closes when it succeeds', async () => {
    const circuit = breaker();
    await fail(circuit, SETTINGS.threshold);

    await pollUntil('half-open', async () => (await circuit.admit()).pass, 5000);
    expect((await circuit.admit()).pass).toBe(false);
    await circuit.recordSuccess();

    expect(await circuit.admit()).toEqual({ pass: true });
    expect(await circuit.admit()).toEqual({ pass: true });
  });

  it('opens again for a whole cool-down when the probe fails', async () => {
    const circuit = breaker();
    await fail(circuit, SETTINGS.threshold);
    await pollUntil('half-open', async () => (await circuit.admit()).pass, 5000);

    await fail(circuit, 1);
    const gate = await circuit.admit();
    expect(gate.pass === false && gate.waitMs).toBeGreaterThan(SETTINGS.coolDownMs / 2);
  });

  it('is one circuit for every process that shares the prefix', async () => {
    const other = new Redis(inject('redisUrl'));
    try {
      const here = breaker();
      const there = new CircuitBreaker(other, prefix, `dept-${department}`, SETTINGS, silentLogger);
      await fail(here, SETTINGS.threshold);

      expect((await there.admit()).pass).toBe(false);
    } finally {
      other.disconnect();
    }
  });

  it('logs each change of state at warn', async () => {
    const { logger, lines } = logLineRecorder();
    const circuit = breaker(logger);
    await fail(circuit, SETTINGS.threshold + 1);
    await pollUntil('half-open', async () => (await circuit.admit()).pass, 5000);
    await circuit.recordSuccess();

    const changes = lines.filter((l) => l.level === WARN).map((l) => l.circuit);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('lets lookups through when Redis does not answer', async () => {
    const unreachable = connectCircuitRedis('redis://127.0.0.1:1');
    try {
      const circuit = breaker(silentLogger, unreachable);
      await fail(circuit, SETTINGS.threshold);

      expect(await circuit.admit()).toEqual({ pass: true });
    } finally {
      unreachable.disconnect();
    }
  });
});
