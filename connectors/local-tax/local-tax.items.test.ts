import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { evaluateLocalTax } from './local-tax.items.js';
import {
  localTaxRecords,
  type DeedTaxRecord,
  type LocalTaxRecords,
  type WageTaxRecord,
} from './local-tax.records.js';
import { casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const MEMBER = '430121198805170319';

function familyDeclaring(
  wage: number,
  declaredOn = DECLARED_ON,
  idNumber = MEMBER,
): DeclaredFamily {
  return {
    reference: 'T-1',
    assistance: 'subsistence-allowance',
    areaCode: '430121102001',
    declaredOn,
    members: [
      {
        idNumber,
        name: 'member',
        relation: 'applicant',
        consentSignedOn: declaredOn,
        declared: {
          monthlyIncome: { wage, pension: 0, unemploymentBenefit: 0, business: 0 },
          maritalStatus: 'single',
          disabilityGrade: null,
        },
      },
    ],
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function wages(months: string[], gross: string, idNumber = MEMBER): WageTaxRecord[] {
  return months.map((month) => ({ idNumber, month, gross, withheld: '0.00' }));
}

/** Every month from `first` to `last` as `YYYY-MM`, both included. */
function monthsFrom(first: string, last: string): string[] {
  const listed: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    listed.push(current);
    if (current === last) return listed;
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}

function deed(paidOn: string, idNumber = MEMBER): DeedTaxRecord {
  return { idNumber, paidOn, amount: '9000.00', location: '430104' };
}

function evaluate(family: DeclaredFamily, records: Partial<LocalTaxRecords>): Finding[] {
  const input: EvaluationInput<LocalTaxRecords> = {
    family,
    records: { wageTax: [], deedTax: [], ...records },
    answers: { recordsOf: () => null },
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluateLocalTax(input);
}

describe('taxed wage', () => {
  it('flags a year of taxed wages where no wage was declared as undeclared', () => {
    const wageTax = wages(monthsFrom('2025-11', '2026-10'), '4800.00');

    expect(evaluate(familyDeclaring(0), { wageTax })).toEqual([
      { member: MEMBER, item: 'taxed-wage', kind: 'undeclared', declared: 0, found: 4800 },
    ]);
  });

  it('spreads the year over twelve months even when fewer months were taxed', () => {
    const wageTax = wages(monthsFrom('2026-05', '2026-10'), '4800.00');

    expect(evaluate(familyDeclaring(2400), { wageTax })).toEqual([]);
    expect(evaluate(familyDeclaring(0), { wageTax })).toMatchObject([{ found: 2400 }]);
  });

  it('rounds the monthly average to the fen', () => {
    const wageTax = wages(['2026-10'], '1000.00');

    expect(evaluate(familyDeclaring(0), { wageTax })).toMatchObject([{ found: 83.33 }]);
  });

  it("leaves out the declaration's own month and the thirteenth month before it", () => {
    const wageTax = wages(['2025-10', '2026-11'], '4800.00');

    expect(evaluate(familyDeclaring(0), { wageTax })).toEqual([]);
  });

  it('takes the whole previous calendar year for a declaration in January', () => {
    const wageTax = [
      ...wages(monthsFrom('2026-01', '2026-12'), '1200.00'),
      ...wages(['2025-12', '2027-01'], '99999.00'),
    ];

    expect(evaluate(familyDeclaring(1200, '2027-01-15'), { wageTax })).toEqual([]);
  });

  it('flags an average outside the tolerance as a mismatch', () => {
    const wageTax = wages(monthsFrom('2026-01', '2026-10'), '2600.00');

    expect(evaluate(familyDeclaring(2600), { wageTax })).toEqual([
      { member: MEMBER, item: 'taxed-wage', kind: 'mismatch', declared: 2600, found: 2166.67 },
    ]);
  });

  it('matches wages filed under the 15-digit form to the 18-digit member', () => {
    const wageTax = wages(['2026-10'], '1200.00', '430103501010033');

    expect(evaluate(familyDeclaring(0, DECLARED_ON, '430103195010100337'), { wageTax }))
      .toMatchObject([{ member: '430103195010100337', item: 'taxed-wage', found: 100 }]);
  });
});

describe('property transaction', () => {
  it('gives notice of a deed tax paid in the past year, with the day it was paid', () => {
    expect(evaluate(familyDeclaring(0), { deedTax: [deed('2026-03-02')] })).toEqual([
      {
        member: MEMBER,
        item: 'property-transaction',
        kind: 'notice',
        declared: null,
        found: '2026-03-02',
      },
    ]);
  });

  it('gives notice from the first day of the past year', () => {
    const deedTax = [deed('2025-10-31'), deed('2025-11-01')];

    expect(evaluate(familyDeclaring(0), { deedTax }).map((f) => f.found)).toEqual(['2025-11-01']);
  });

  it("gives notice in the declaration's month up to and including the declaration day", () => {
    const deedTax = [deed('2026-11-01'), deed('2026-11-20'), deed('2026-11-21')];

    expect(evaluate(familyDeclaring(0), { deedTax }).map((f) => f.found)).toEqual([
      '2026-11-01',
      '2026-11-20',
    ]);
  });

  it('gives one notice per deed tax paid', () => {
    const deedTax = [deed('2026-03-02'), deed('2026-06-15')];

    expect(evaluate(familyDeclaring(0), { deedTax })).toHaveLength(2);
  });

  it('ignores a deed tax paid by a person who is not declared', () => {
    const deedTax = [deed('2026-03-02', '430104195001010117')];

    expect(evaluate(familyDeclaring(0), { deedTax })).toEqual([]);
  });

  it('matches a deed tax filed with a lower-case x to the member', () => {
    const deedTax = [deed('2026-03-02', '43010219830228100x')];
    const family = familyDeclaring(0, DECLARED_ON, '43010219830228100X');

    expect(evaluate(family, { deedTax })).toMatchObject([{ member: '43010219830228100X' }]);
  });
});

const ITEMS = ['taxed-wage', 'property-transaction'];

describe('the case book', () => {
  it.each(casesFor('local-tax'))('reproduces the local-tax entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = localTaxRecords.parse({
      wageTax: [],
      deedTax: [],
      ...book.departments['local-tax'],
    });

    const findings = evaluate(family, records);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
