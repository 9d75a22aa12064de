import { describe, expect, it } from 'vitest';

import {
  formatMonth,
  isWithin,
  monthOf,
  monthsEndingWith,
  parseCompactMonth,
  parseDashedMonth,
  pastYear,
  recentMonths,
} from './calendar.js';

const DECLARED_ON = '2026-11-20';

function months(range: { first: number; last: number }): string[] {
  const listed: string[] = [];
  for (let month = range.first; month <= range.last; month += 1) listed.push(formatMonth(month));
  return listed;
}

describe('months', () => {
  it('reads the month of a date without a time zone moving it', () => {
    expect(formatMonth(monthOf('2026-01-01'))).toBe('2026-01');
    expect(formatMonth(monthOf('2026-12-31'))).toBe('2026-12');
  });

  it('reads compact and dashed months as the same month', () => {
    expect(parseCompactMonth('202602')).toBe(parseDashedMonth('2026-02'));
    expect(parseCompactMonth('202602')).toBe(monthOf('2026-02-28'));
  });

  it('counts December and the next January as consecutive months', () => {
    expect(parseDashedMonth('2026-01') - parseDashedMonth('2025-12')).toBe(1);
  });

  it('refuses malformed months and dates', () => {
    expect(() => parseCompactMonth('2026-02')).toThrow(RangeError);
    expect(() => parseCompactMonth('202613')).toThrow(RangeError);
    expect(() => parseDashedMonth('202602')).toThrow(RangeError);
    expect(() => monthOf('2026-00-10')).toThrow(RangeError);
  });

  it('lists a run of months ending with a given one', () => {
    expect(months(monthsEndingWith(parseDashedMonth('2026-02'), 3))).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('the recent months', () => {
  const recent = recentMonths(DECLARED_ON);

  it("are the declaration's month and the three before it", () => {
    expect(months(recent)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
  });

  it('leave out the fourth month before the declaration', () => {
    expect(isWithin(parseCompactMonth('202607'), recent)).toBe(false);
    expect(isWithin(parseCompactMonth('202608'), recent)).toBe(true);
  });

  it('leave out the month after the declaration', () => {
    expect(isWithin(parseCompactMonth('202612'), recent)).toBe(false);
  });

  it('reach back into the previous year early in a year', () => {
    expect(months(recentMonths('2026-02-01'))).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('the past year', () => {
  it("is the twelve months before the declaration's month", () => {
    expect(months(pastYear(DECLARED_ON))).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
  });

  it("leaves out the declaration's own month and the thirteenth month before it", () => {
    const year = pastYear(DECLARED_ON);

    expect(isWithin(monthOf(DECLARED_ON), year)).toBe(false);
    expect(isWithin(parseDashedMonth('2025-10'), year)).toBe(false);
  });

  it('is the whole previous calendar year for a declaration in January', () => {
    const year = pastYear('2027-01-15');

    expect(formatMonth(year.first)).toBe('2026-01');
    expect(formatMonth(year.last)).toBe('2026-12');
  });
});
