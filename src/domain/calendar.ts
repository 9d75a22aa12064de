/**
 * Calendar months for the check items' time windows. Months are counted as
 * integers (year × 12 + month − 1) so that stepping back across a year is
 * plain subtraction; dates stay `YYYY-MM-DD` strings, which compare in
 * calendar order as text. No `Date` is involved, so no time zone can move a
 * day into the neighbouring month.
 */

/** A calendar month as months since January of year 0; consecutive months differ by 1. */
export type MonthIndex = number;

/** The months from `first` to `last`, both included. */
export interface MonthRange {
  first: MonthIndex;
  last: MonthIndex;
}

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-\d{2}$/;
const COMPACT_MONTH = /^(\d{4})(0[1-9]|1[0-2])$/;
const DASHED_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month a `YYYY-MM-DD` date falls in. */
export function monthOf(date: string): MonthIndex {
  return monthFrom(ISO_DATE, date, 'a date YYYY-MM-DD');
}

/** A month filed as `YYYYMM`. */
export function parseCompactMonth(value: string): MonthIndex {
  return monthFrom(COMPACT_MONTH, value, 'a month YYYYMM');
}

/** A month filed as `YYYY-MM`. */
export function parseDashedMonth(value: string): MonthIndex {
  return monthFrom(DASHED_MONTH, value, 'a month YYYY-MM');
}

/** The month as `YYYY-MM`. */
export function formatMonth(month: MonthIndex): string {
  const year = Math.floor(month / 12);
  const monthOfYear = (month % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(monthOfYear).padStart(2, '0')}`;
}

/** `count` consecutive months ending with `last`. */
export function monthsEndingWith(last: MonthIndex, count: number): MonthRange {
  return { first: last - count + 1, last };
}

/** "The recent months" of the domain: the declaration's month and the three before it. */
export function recentMonths(declaredOn: string): MonthRange {
  return monthsEndingWith(monthOf(declaredOn), 4);
}

/**
 * "The past year" of the domain: the twelve calendar months before the
 * declaration's month. The declaration's own month is left out: it is not
 * over yet, so its wages are not all filed.
 */
export function pastYear(declaredOn: string): MonthRange {
  return monthsEndingWith(monthOf(declaredOn) - 1, 12);
}

export function isWithin(month: MonthIndex, range: MonthRange): boolean {
  return month >= range.first && month <= range.last;
}

function monthFrom(pattern: RegExp, value: string, expected: string): MonthIndex {
  const match = pattern.exec(value);
  if (!match) throw new RangeError(`expected ${expected}, got "${value}"`);

  return Number(match[1]) * 12 + Number(match[2]) - 1;
}
