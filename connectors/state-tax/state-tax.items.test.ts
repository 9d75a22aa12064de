import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { evaluateStateTax } from './state-tax.items.js';
import {
  stateTaxRecords,
  type RegisteredBusiness,
  type StateTaxRecords,
} from './state-tax.records.js';
import { casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const MEMBER = '430105198107070513';

function familyDeclaring(business: number, idNumber = MEMBER): DeclaredFamily {
  return {
    reference: 'T-1',
    assistance: 'subsistence-allowance',
    areaCode: '430104001001',
    declaredOn: DECLARED_ON,
    members: [
      {
        idNumber,
        name: 'member',
        relation: 'applicant',
        consentSignedOn: DECLARED_ON,
        declared: {
          monthlyIncome: { wage: 0, pension: 0, unemploymentBenefit: 0, business },
          maritalStatus: 'single',
          disabilityGrade: null,
        },
      },
    ],
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function business(changes: Partial<RegisteredBusiness> = {}): RegisteredBusiness {
  return {
    taxpayerId: MEMBER,
    businessName: 'shop',
    registeredOn: '2022-04-18',
    deregisteredOn: null,
    monthlyTurnover: '8000.00',
    ...changes,
  };
}

function evaluate(family: DeclaredFamily, businesses: RegisteredBusiness[]): Finding[] {
  const input: EvaluationInput<StateTaxRecords> = {
    family,
    records: { businesses },
    answers: { recordsOf: () => null },
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluateStateTax(input);
}

describe('business', () => {
  it('flags a live business where no business income was declared as undeclared', () => {
    expect(evaluate(familyDeclaring(0), [business()])).toEqual([
      { member: MEMBER, item: 'business', kind: 'undeclared', declared: 0, found: 8000 },
    ]);
  });

  it('flags a live business without turnover as undeclared all the same', () => {
    const findings = evaluate(familyDeclaring(0), [business({ monthlyTurnover: '0.00' })]);

    expect(findings).toMatchObject([{ kind: 'undeclared', found: 0 }]);
  });

  it('reports the turnover of all live businesses together', () => {
    const businesses = [business(), business({ monthlyTurnover: '1200.50' })];

    expect(evaluate(familyDeclaring(0), businesses)).toMatchObject([{ found: 9200.5 }]);
  });

  it('flags declared business income with no live business as not found', () => {
    expect(evaluate(familyDeclaring(3000), [])).toEqual([
      { member: MEMBER, item: 'business', kind: 'not-found', declared: 3000, found: 0 },
    ]);
  });

  it('does not compare declared business income with the turnover', () => {
    expect(evaluate(familyDeclaring(100), [business()])).toEqual([]);
  });

  it('counts a business registered on the declaration day but not one registered after', () => {
    expect(evaluate(familyDeclaring(0), [business({ registeredOn: DECLARED_ON })])).toHaveLength(1);
    expect(evaluate(familyDeclaring(0), [business({ registeredOn: '2026-11-21' })])).toEqual([]);
  });

  it('ignores a business deregistered on or before the declaration day', () => {
    const businesses = [
      business({ deregisteredOn: DECLARED_ON }),
      business({ deregisteredOn: '2025-03-31' }),
    ];

    expect(evaluate(familyDeclaring(0), businesses)).toEqual([]);
  });

  it('counts a business deregistered after the declaration day', () => {
    const findings = evaluate(familyDeclaring(0), [business({ deregisteredOn: '2026-11-21' })]);

    expect(findings).toHaveLength(1);
  });

  it('matches a business filed under the 15-digit form to the 18-digit member', () => {
    const family = familyDeclaring(0, '430103195010100337');

    expect(evaluate(family, [business({ taxpayerId: '430103501010033' })])).toMatchObject([
      { member: '430103195010100337', kind: 'undeclared' },
    ]);
  });

  it('ignores the business of a person who is not declared', () => {
    expect(evaluate(familyDeclaring(0), [business({ taxpayerId: '430104195001010117' })]))
      .toEqual([]);
  });
});

const ITEMS = ['business'];

describe('the case book', () => {
  it.each(casesFor('state-tax'))('reproduces the state-tax entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = stateTaxRecords.parse({ businesses: [], ...book.departments['state-tax'] });

    const findings = evaluate(family, records.businesses);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
