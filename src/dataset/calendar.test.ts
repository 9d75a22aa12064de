import { describe, expect, it } from 'vitest';

import {
  addMonths,
  addYears,
  ageOn,
  datasetCalendar,
  dayNumber,
  isoOfDay,
  monthRange,
} from './calendar.js';

describe('dataset calendar', () => {
  it('counts days exactly as Date does, leap days and centuries included', () => {
    for (let day = -30_000; day <= 40_000; day += 7) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);

      expect(isoOfDay(day)).toBe(iso);
      expect(dayNumber(iso)).toBe(day);
    }
    expect(dayNumber('2000-02-29') + 1).toBe(dayNumber('2000-03-01'));
    expect(dayNumber('1900-02-28') + 1).toBe(dayNumber('1900-03-01'));
  });

  it('moves by months and years across year ends and leap days', () => {
    expect(addMonths('2026-11', -12)).toBe('2025-11');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('counts whole years of age', () => {
    expect(ageOn('1946-03-12', '2026-11-20')).toBe(80);
    expect(ageOn('1946-11-21', '2026-11-20')).toBe(79);
    expect(ageOn('1946-11-20', '2026-11-20')).toBe(80);
  });

  it('works out the windows of the check items for a declaration date', () => {
    const calendar = datasetCalendar('2026-11-20');

    expect(calendar.month).toBe('2026-11');
    expect(calendar.lastPaidMonth).toBe('2026-10');
    expect(calendar.recentStart).toBe('2026-08');
    expect(calendar.pastYear).toHaveLength(12);
    expect(calendar.pastYear[0]).toBe('2025-11');
    expect(calendar.pastYear[11]).toBe('2026-10');
    expect(calendar.pastYearStart).toBe('2025-11-01');
  });
});
