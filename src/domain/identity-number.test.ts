import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  checkCharacter,
  identityNumberProblem,
  isRealIsoDate,
  normaliseIdentityNumber,
  widenLegacyNumber,
} from './identity-number.js';

/** What the calendar of `Date` says of a `YYYY-MM-DD` string. */
function dateSays(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('calendar dates', () => {
  it('agrees with the Date calendar on every year, month and day, real or not', () => {
    const iso = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    fc.assert(fc.property(iso, (value) => isRealIsoDate(value) === dateSays(value)), {
      numRuns: 5000,
    });
  });

  it('knows the leap days of the Gregorian calendar', () => {
    expect(isRealIsoDate('2024-02-29')).toBe(true);
    expect(isRealIsoDate('2000-02-29')).toBe(true);
    expect(isRealIsoDate('1900-02-29')).toBe(false);
    expect(isRealIsoDate('2023-02-29')).toBe(false);
    expect(isRealIsoDate('2023-04-31')).toBe(false);
    expect(isRealIsoDate('2023-4-30')).toBe(false);
  });
});

describe('identity numbers', () => {
  it('keeps a number already in the normal form as it is, and widens or upper-cases others', () => {
    const first17 = '11010519491231002';
    const valid = first17 + checkCharacter(first17);
    expect(identityNumberProblem(valid)).toBeNull();
    expect(normaliseIdentityNumber(valid)).toBe(valid);
    expect(normaliseIdentityNumber(` ${valid.toLowerCase()} `)).toBe(valid.toUpperCase());
    expect(normaliseIdentityNumber('110105491231002')).toBe(widenLegacyNumber('110105491231002'));
    expect(normaliseIdentityNumber('11010519491231002x')).toBe('11010519491231002X');
  });
});
