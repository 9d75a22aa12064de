import { describe, expect, it } from 'vitest';

import { departments } from '../connectors/registry.js';
import { loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('applies the local defaults when nothing is set', () => {
    const config = loadConfig(departments, {});

    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/crosscheck');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(Object.keys(config.departments)).toHaveLength(departments.length);
    expect(config.tolerances.pension).toEqual({ absolute: 50, relative: 0.05 });
  });

  it('takes a department override and a money tolerance per item', () => {
    const config = loadConfig(departments, {
      SOCIAL_SECURITY_CONCURRENCY: '3',
      SOCIAL_SECURITY_RATE_PER_SECOND: '',
      TOLERANCE_TAXED_WAGE: '100,0.1',
    });

    expect(config.departments['social-security']).toMatchObject({
      concurrency: 3,
      ratePerSecond: null,
    });
    expect(config.tolerances['taxed-wage']).toEqual({ absolute: 100, relative: 0.1 });
  });

  it('names every bad variable in one error', () => {
    const attempt = () =>
      loadConfig(departments, {
        PORT: 'eighty',
        HOUSING_BATCH_SIZE: '0',
        TOLERANCE_PENSION: 'lots',
      });

    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/HOUSING_BATCH_SIZE/);
    expect(attempt).toThrow(/TOLERANCE_PENSION/);
  });

  it('reads whole numbers only as digits, and timers only as long as Node can wait', () => {
    for (const value of ['', ' 4 ', '1e3', '0x10', '-1', '2.5']) {
      expect(() => loadConfig(departments, { SOCIAL_SECURITY_CONCURRENCY: value }), value)
        .toThrow(/SOCIAL_SECURITY_CONCURRENCY must be a whole number written in digits/);
    }
    expect(() => loadConfig(departments, { PORT: '' })).toThrow(/PORT must be a whole number/);
    expect(() => loadConfig(departments, { SOCIAL_SECURITY_TIMEOUT_MS: '99999999999999' }))
      .toThrow(/SOCIAL_SECURITY_TIMEOUT_MS must be at most 2147483647/);
    expect(loadConfig(departments, { PORT: '0' }).port).toBe(0);
  });

  it('refuses a misspelt department variable rather than ignore it', () => {
    expect(() => loadConfig(departments, { SOCIAL_SECURITY_CONCURENCY: '8' }))
      .toThrow(/SOCIAL_SECURITY_CONCURENCY is not a setting/);
  });

  it('refuses two departments that name the same item', () => {
    const [first, second] = departments;
    if (!first || !second) throw new Error('no departments');
    const copy = { ...second, items: [...second.items, first.items[0] ?? ''] };

    expect(() => loadConfig([first, copy], {}))
      .toThrow(`item ${first.items[0]} belongs to both ${first.name} and ${second.name}`);
  });
});
