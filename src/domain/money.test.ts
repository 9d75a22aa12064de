import { describe, expect, it } from 'vitest';

import type { MoneyTolerance } from './money.js';
import {
  fenToCny,
  moneyDiscrepancy,
  moneyFinding,
  parseCny,
  parseFen,
  roundCny,
  toFen,
} from './money.js';

const DEFAULT: MoneyTolerance = { absolute: 50, relative: 0.05 };

describe('moneyDiscrepancy', () => {
  it('flags a found amount where nothing was declared as undeclared', () => {
    expect(moneyDiscrepancy(0, 0.01, DEFAULT)).toBe('undeclared');
    expect(moneyDiscrepancy(0, 4200, DEFAULT)).toBe('undeclared');
  });

  it('flags a declared amount with nothing found as not found', () => {
    expect(moneyDiscrepancy(0.01, 0, DEFAULT)).toBe('not-found');
    expect(moneyDiscrepancy(1400, 0, DEFAULT)).toBe('not-found');
  });

  it('flags nothing when both are zero', () => {
    expect(moneyDiscrepancy(0, 0, DEFAULT)).toBeNull();
  });

  it('flags a difference of exactly 50.00 on a small amount as consistent', () => {
    expect(moneyDiscrepancy(600, 650, DEFAULT)).toBeNull();
    expect(moneyDiscrepancy(600, 550, DEFAULT)).toBeNull();
  });

  it('flags a difference of 50.01 on a small amount as a mismatch', () => {
    expect(moneyDiscrepancy(600, 650.01, DEFAULT)).toBe('mismatch');
    expect(moneyDiscrepancy(600, 549.99, DEFAULT)).toBe('mismatch');
  });

  it('flags a pension 5 % above the declared one as consistent', () => {
    expect(moneyDiscrepancy(2000, 2100, DEFAULT)).toBeNull();
    expect(moneyDiscrepancy(2000, 1900, DEFAULT)).toBeNull();
  });

  it('flags a pension one fen more than 5 % above the declared one as a mismatch', () => {
    expect(moneyDiscrepancy(2000, 2100.01, DEFAULT)).toBe('mismatch');
    expect(moneyDiscrepancy(2000, 1899.99, DEFAULT)).toBe('mismatch');
  });

  it('uses 50.00 while 5 % of the declared amount is smaller', () => {
    expect(moneyDiscrepancy(1000, 1050, DEFAULT)).toBeNull();
    expect(moneyDiscrepancy(1000, 1050.01, DEFAULT)).toBe('mismatch');
  });

  it('holds exactly 5 % consistent on amounts whose share is not a round float', () => {
    for (const declared of [1234.6, 3333.4, 7777.8, 123456.2]) {
      const share = Math.round(declared * 5) / 100;
      expect(moneyDiscrepancy(declared, roundCny(declared + share), DEFAULT)).toBeNull();
    }
  });

  it('keeps fractional shares of a fen on the consistent side only up to the share', () => {
    // 5 % of 1234.57 is 61.7285: 61.72 is within, 61.73 is not.
    expect(moneyDiscrepancy(1234.57, 1296.29, DEFAULT)).toBeNull();
    expect(moneyDiscrepancy(1234.57, 1296.3, DEFAULT)).toBe('mismatch');
  });

  it('is not fooled by float sums such as 0.1 + 0.2', () => {
    expect(moneyDiscrepancy(0.3, 0.1 + 0.2, { absolute: 0, relative: 0 })).toBeNull();
  });

  it('follows the tolerance set for the item', () => {
    const strict: MoneyTolerance = { absolute: 10, relative: 0.01 };

    expect(moneyDiscrepancy(500, 510, strict)).toBeNull();
    expect(moneyDiscrepancy(500, 510.01, strict)).toBe('mismatch');
  });
});

describe('moneyFinding', () => {
  it('reports declared and found amounts in CNY for the member and item', () => {
    expect(moneyFinding('430104195208080227', 'pension', 1500, 1620, DEFAULT)).toEqual({
      member: '430104195208080227',
      item: 'pension',
      kind: 'mismatch',
      declared: 1500,
      found: 1620,
    });
  });

  it('reports nothing for a consistent pair', () => {
    expect(moneyFinding('430104195001010117', 'pension', 2000, 2080, DEFAULT)).toBeNull();
  });
});

describe('amounts', () => {
  it('reads decimal strings digit by digit into fen', () => {
    expect(parseFen('4800.00')).toBe(480000);
    expect(parseFen('1008')).toBe(100800);
    expect(parseFen('0.1')).toBe(10);
    expect(parseFen('23188.40')).toBe(2318840);
  });

  it('rounds digits beyond the fen half up', () => {
    expect(parseFen('1.005')).toBe(101);
    expect(parseFen('1.0049')).toBe(100);
  });

  it('refuses strings that are not non-negative decimals', () => {
    expect(() => parseFen('-1.00')).toThrow(RangeError);
    expect(() => parseFen('1,000.00')).toThrow(RangeError);
  });

  it('converts between fen and CNY exactly', () => {
    expect(fenToCny(185000)).toBe(1850);
    expect(fenToCny(162001)).toBe(1620.01);
    expect(toFen(1620.01)).toBe(162001);
    expect(toFen(0.29)).toBe(29);
    expect(parseCny('8000.00')).toBe(8000);
  });

  it('rounds CNY to whole fen', () => {
    expect(roundCny(400.004)).toBe(400);
    expect(roundCny(0.1 + 0.2)).toBe(0.3);
  });
});
