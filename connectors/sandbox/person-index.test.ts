import { describe, expect, it } from 'vitest';

import { PersonIndex } from './person-index.js';
import { legacyPersonNumber, personNumber } from './test-persons.js';

interface Couple {
  man: string;
  woman: string;
}

describe('person index', () => {
  const legacyCouple: Couple = { man: legacyPersonNumber(1), woman: personNumber(2) };
  const laterCouple: Couple = { man: personNumber(1), woman: personNumber(3) };
  const partners = (couple: Couple) => [couple.man, couple.woman];
  const index = new PersonIndex([legacyCouple, laterCouple], partners);

  it('finds a record filed under a legacy number by the 18-character number', () => {
    expect(index.find([personNumber(2)])).toEqual([legacyCouple]);
  });

  it('finds a record asked for by a legacy number under the 18-character number', () => {
    expect(index.find([legacyPersonNumber(3)])).toEqual([laterCouple]);
  });

  it('answers every record once, in filed order, however many of its persons are asked', () => {
    const found = index.find([personNumber(3), personNumber(2), personNumber(1)]);
    expect(found).toEqual([legacyCouple, laterCouple]);
    expect(found[0]).toBe(legacyCouple);
  });

  it('finds nothing for a person it does not hold', () => {
    expect(index.find([personNumber(4)])).toEqual([]);
  });
});
