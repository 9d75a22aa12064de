import { describe, expect, it } from 'vitest';

import { Random } from './random.js';

const draw = (random: Random, count: number) => Array.from({ length: count }, () => random.next());

describe('seeded random source', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(new Random(42), 50)).toEqual(draw(new Random(42), 50));
  });

  it('gives another sequence for another seed', () => {
    expect(draw(new Random(42), 50)).not.toEqual(draw(new Random(43), 50));
  });

  it('stays within [0, 1) and spreads evenly', () => {
    const values = draw(new Random(7), 20_000);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;

    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('draws integers with both ends included', () => {
    const random = new Random(1);
    const seen = new Set(Array.from({ length: 2_000 }, () => random.int(3, 6)));

    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws by weight and never a zero weight', () => {
    const random = new Random(9);
    const picks = Array.from({ length: 4_000 }, () =>
      random.weighted([['often', 3], ['seldom', 1], ['never', 0]] as const),
    );
    const often = picks.filter((pick) => pick === 'often').length / picks.length;

    expect(picks).not.toContain('never');
    expect(often).toBeGreaterThan(0.7);
    expect(often).toBeLessThan(0.8);
  });
});
