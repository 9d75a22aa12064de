import { describe, expect, it } from 'vitest';

import { departments } from '../../connectors/registry.js';
import { loadConfig } from '../../src/config.js';
import { isDependencyUnavailable } from '../../src/runtime/dependency-failure.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('telling a dependency that is away from other failures', () => {
  it('recognises refused and dropped connections, and a server that cannot serve', () => {
    expect(isDependencyUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')))
      .toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyUnavailable(new Error('timeout exceeded when trying to connect')))
      .toBe(true);
    expect(isDependencyUnavailable(withCode('the database system is shutting down', '57P03')))
      .toBe(true);
    expect(isDependencyUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isDependencyUnavailable(
      new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
  });

  it('follows causes and the parts of an aggregate', () => {
    const refused = withCode('connect ECONNREFUSED', 'ECONNREFUSED');

    expect(isDependencyUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
    expect(isDependencyUnavailable(new AggregateError([new Error('x'), refused]))).toBe(true);
  });

  it('leaves alone errors of the request or the code', () => {
    expect(isDependencyUnavailable(withCode('duplicate key value', '23505'))).toBe(false);
    expect(isDependencyUnavailable(new TypeError('x is not a function'))).toBe(false);
    expect(isDependencyUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('reliability settings', () => {
  it('defaults the circuit, the job lock and the shutdown deadline', () => {
    const config = loadConfig(departments, {});

    expect(config.departments.housing).toMatchObject({
      circuitThreshold: 5,
      circuitCooldownMs: 30_000,
    });
    expect(config.jobLockMs).toBe(30_000);
    expect(config.shutdownDeadlineMs).toBe(30_000);
  });

  it('takes them per department and names a bad one', () => {
    const config = loadConfig(departments, {
      HOUSING_CIRCUIT_THRESHOLD: '2',
      HOUSING_CIRCUIT_COOLDOWN_MS: '500',
      SHUTDOWN_DEADLINE_MS: '5000',
    });

    expect(config.departments.housing)
      .toMatchObject({ circuitThreshold: 2, circuitCooldownMs: 500 });
    expect(config.shutdownDeadlineMs).toBe(5000);
    expect(() => loadConfig(departments, { MARRIAGE_CIRCUIT_THRESHOLD: '0' }))
      .toThrow(/MARRIAGE_CIRCUIT_THRESHOLD/);
  });
});
