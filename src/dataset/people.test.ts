import { describe, expect, it } from 'vitest';

import { identityNumberProblem, normaliseIdentityNumber } from '../domain/identity-number.js';
import type { Person } from './dataset-types.js';
import { createPerson, filedId, IdentityRegistry, surnameOf } from './people.js';
import { hasRareCharacter, personName, RARE_CHARACTERS } from './person-names.js';
import { Random } from './random.js';

function source(seed: number) {
  return { random: new Random(seed), identities: new IdentityRegistry(), declaredOn: '2026-11-20' };
}

describe('generated people', () => {
  it('hold valid identity numbers that match birth date, sex and county', () => {
    const people = source(3);
    for (let i = 0; i < 400; i += 1) {
      const sex = i % 2 === 0 ? 'male' : 'female';
      const birthOn = i < 200 ? '1961-02-28' : '2008-12-31';
      const person = createPerson(people, { sex, birthOn, county: '430121' });

      expect(identityNumberProblem(person.idNumber)).toBeNull();
      expect(person.idNumber.slice(0, 14)).toBe(`430121${birthOn.replaceAll('-', '')}`);
      expect(Number(person.idNumber[16]) % 2).toBe(sex === 'male' ? 1 : 0);
    }
  });

  it('never hand out the same identity number twice', () => {
    const people = source(4);
    const spec = { sex: 'female', birthOn: '1980-01-01', county: '320104' } as const;
    const numbers = Array.from({ length: 499 }, () => createPerson(people, spec).idNumber);

    expect(new Set(numbers).size).toBe(numbers.length);
    expect(() => createPerson(people, spec)).toThrow(/no free identity number/);
  });

  it('file some older people under the 15-digit number, which widens back', () => {
    const people = source(5);
    const older = Array.from({ length: 2_000 }, (_, i) =>
      createPerson(people, { sex: 'male', birthOn: `19${50 + (i % 20)}-06-01`, county: '430102' }),
    );
    const legacy = older.filter((p) => filedId(p, 'marriage').length === 15);

    expect(legacy.length / older.length).toBeGreaterThan(0.03);
    expect(legacy.length / older.length).toBeLessThan(0.08);
    for (const person of legacy) {
      expect(normaliseIdentityNumber(filedId(person, 'marriage'))).toBe(person.idNumber);
    }
  });

  it('file younger people under the 18-character number only', () => {
    const people = source(6);
    const young = Array.from({ length: 400 }, (_, i) =>
      createPerson(people, { sex: 'female', birthOn: `199${i % 10}-06-01`, county: '430102' }),
    );

    expect(young.every((p: Person) => p.legacyFiling === 0)).toBe(true);
  });

  it('carry a character outside the basic plane in about one name in a hundred', () => {
    const random = new Random(8);
    const names = Array.from({ length: 20_000 }, () => personName(random, '王', 'female', 1990));
    const share = names.filter(hasRareCharacter).length / names.length;

    expect(share).toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.015);
    expect(RARE_CHARACTERS.every((c) => (c.codePointAt(0) ?? 0) > 0xffff)).toBe(true);
  });

  it('keep compound surnames whole', () => {
    const person: Person = {
      idNumber: '11010519491231002X',
      name: '欧阳明华',
      sex: 'male',
      birthOn: '1949-12-31',
      legacyFiling: 0,
    };

    expect(surnameOf(person)).toBe('欧阳');
    expect(surnameOf({ ...person, name: '王𠀾𡈼' })).toBe('王');
  });
});
