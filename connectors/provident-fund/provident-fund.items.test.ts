import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { evaluateProvidentFund } from './provident-fund.items.js';
import {
  providentFundRecords,
  type ProvidentFundRecords,
  type ProvidentFundRow,
} from './provident-fund.records.js';
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

function account(
  lastDepositMonth: string,
  changes: Partial<ProvidentFundRow> = {},
): ProvidentFundRow {
  return {
    id_card: MEMBER,
    status: 'NORMAL',
    monthly_deposit: '1008.00',
    balance: '23188.40',
    last_deposit_month: lastDepositMonth,
    ...changes,
  };
}

function evaluate(family: DeclaredFamily, rows: ProvidentFundRow[]): Finding[] {
  const input: EvaluationInput<ProvidentFundRecords> = {
    family,
    records: { rows },
    answers: { recordsOf: () => null },
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluateProvidentFund(input);
}

describe('provident fund', () => {
  it('flags deposits of a member who declared no wage as undeclared', () => {
    expect(evaluate(familyDeclaring(0), [account('2026-10')])).toEqual([
      { member: MEMBER, item: 'provident-fund', kind: 'undeclared', declared: 0, found: 1008 },
    ]);
  });

  it('flags nothing for a member who declared a wage, whatever its size', () => {
    expect(evaluate(familyDeclaring(100), [account('2026-10')])).toEqual([]);
  });

  it("counts a last deposit in the declaration's month", () => {
    expect(evaluate(familyDeclaring(0), [account('2026-11')])).toHaveLength(1);
  });

  it("counts a last deposit six months before the declaration's month", () => {
    expect(evaluate(familyDeclaring(0), [account('2026-05')])).toHaveLength(1);
  });

  it("ignores a last deposit seven months before the declaration's month", () => {
    expect(evaluate(familyDeclaring(0), [account('2026-04')])).toEqual([]);
  });

  it('ignores a last deposit filed for a month after the declaration', () => {
    expect(evaluate(familyDeclaring(0), [account('2026-12')])).toEqual([]);
  });

  it('reaches back into the previous year for a declaration early in a year', () => {
    const family = familyDeclaring(0, '2027-02-10');

    expect(evaluate(family, [account('2026-08')])).toHaveLength(1);
    expect(evaluate(family, [account('2026-07')])).toEqual([]);
  });

  it('ignores sealed and closed accounts', () => {
    const rows = [
      account('2026-10', { status: 'SEALED' }),
      account('2026-10', { status: 'CLOSED' }),
    ];

    expect(evaluate(familyDeclaring(0), rows)).toEqual([]);
  });

  it('adds up the deposits of several live accounts', () => {
    const rows = [account('2026-10'), account('2026-09', { monthly_deposit: '500.50' })];

    expect(evaluate(familyDeclaring(0), rows)).toMatchObject([{ found: 1508.5 }]);
  });

  it('matches an account filed under the 15-digit form to the 18-digit member', () => {
    const family = familyDeclaring(0, DECLARED_ON, '430103195010100337');

    expect(evaluate(family, [account('2026-10', { id_card: '430103501010033' })])).toMatchObject([
      { member: '430103195010100337' },
    ]);
  });

  it('ignores the account of a person who is not declared', () => {
    const rows = [account('2026-10', { id_card: '430104195001010117' })];

    expect(evaluate(familyDeclaring(0), rows)).toEqual([]);
  });
});

const ITEMS = ['provident-fund'];

describe('the case book', () => {
  it.each(casesFor('provident-fund'))('reproduces the provident-fund entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = providentFundRecords.parse({ rows: [], ...book.departments['provident-fund'] });

    const findings = evaluate(family, records.rows);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
