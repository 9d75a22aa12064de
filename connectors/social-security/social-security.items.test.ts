import { describe, expect, it } from 'vitest';

import {
  declaredFamilySchema,
  type DeclaredFamily,
  type DeclaredMember,
} from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput, MoneyTolerance } from '../contract.js';
import { evaluateSocialSecurity } from './social-security.items.js';
import {
  socialSecurityRecords,
  type SocialSecurityPayment,
  type SocialSecurityRecords,
} from './social-security.records.js';
import { casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const MEMBER = '430102194603120244';
const DEFAULT_TOLERANCE: MoneyTolerance = { absolute: 50, relative: 0.05 };

type MonthlyIncome = DeclaredMember['declared']['monthlyIncome'];

function familyDeclaring(income: Partial<MonthlyIncome>, idNumber = MEMBER): DeclaredFamily {
  const monthlyIncome = { wage: 0, pension: 0, unemploymentBenefit: 0, business: 0, ...income };
  return {
    reference: 'T-1',
    assistance: 'subsistence-allowance',
    areaCode: '430102001001',
    declaredOn: DECLARED_ON,
    members: [
      {
        idNumber,
        name: 'member',
        relation: 'applicant',
        consentSignedOn: DECLARED_ON,
        declared: { monthlyIncome, maritalStatus: 'single', disabilityGrade: null },
      },
    ],
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function payment(
  type: SocialSecurityPayment['type'],
  period: string,
  amountFen: number,
  aac002 = MEMBER,
): SocialSecurityPayment {
  return { aac002, aac003: 'member', type, period, amountFen };
}

function evaluate(
  family: DeclaredFamily,
  payments: SocialSecurityPayment[],
  tolerance: (item: string) => MoneyTolerance = () => DEFAULT_TOLERANCE,
): Finding[] {
  const input: EvaluationInput<SocialSecurityRecords> = {
    family,
    records: { payments },
    answers: { recordsOf: () => null },
    tolerance,
  };
  return evaluateSocialSecurity(input);
}

describe('pension', () => {
  it('flags a pension 5 % above the declared one as consistent', () => {
    expect(evaluate(familyDeclaring({ pension: 2000 }), [payment('PENSION', '202610', 210000)]))
      .toEqual([]);
  });

  it('flags a pension one fen more than 5 % above the declared one as a mismatch', () => {
    const findings = evaluate(familyDeclaring({ pension: 2000 }), [
      payment('PENSION', '202610', 210001),
    ]);

    expect(findings).toEqual([
      { member: MEMBER, item: 'pension', kind: 'mismatch', declared: 2000, found: 2100.01 },
    ]);
  });

  it('compares the latest pension of the recent months, not an earlier one', () => {
    const findings = evaluate(familyDeclaring({ pension: 2000 }), [
      payment('PENSION', '202610', 150000),
      payment('PENSION', '202609', 200000),
    ]);

    expect(findings).toMatchObject([{ item: 'pension', kind: 'mismatch', found: 1500 }]);
  });

  it("counts a pension paid in the declaration's own month", () => {
    const findings = evaluate(familyDeclaring({}), [payment('PENSION', '202611', 90000)]);

    expect(findings).toMatchObject([{ item: 'pension', kind: 'undeclared', found: 900 }]);
  });

  it('reports an undeclared pension with the amount found', () => {
    const findings = evaluate(familyDeclaring({}), [payment('PENSION', '202608', 120000)]);

    expect(findings).toEqual([
      { member: MEMBER, item: 'pension', kind: 'undeclared', declared: 0, found: 1200 },
    ]);
  });

  it('uses the tolerance set for the item', () => {
    const asked: string[] = [];
    const strict = (item: string) => {
      asked.push(item);
      return { absolute: 1, relative: 0 };
    };

    const findings = evaluate(
      familyDeclaring({ pension: 2000 }),
      [payment('PENSION', '202610', 200200)],
      strict,
    );

    expect(findings).toMatchObject([{ item: 'pension', kind: 'mismatch' }]);
    expect(asked).toContain('pension');
  });
});

describe('unemployment benefit', () => {
  it('flags a declared benefit whose last payment was four months before as not found', () => {
    const findings = evaluate(familyDeclaring({ unemploymentBenefit: 1400 }), [
      payment('UNEMPLOYMENT', '202606', 140000),
      payment('UNEMPLOYMENT', '202607', 140000),
    ]);

    expect(findings).toEqual([
      {
        member: MEMBER,
        item: 'unemployment-benefit',
        kind: 'not-found',
        declared: 1400,
        found: 0,
      },
    ]);
  });

  it('accepts a benefit paid three months before the declaration', () => {
    const findings = evaluate(familyDeclaring({ unemploymentBenefit: 1400 }), [
      payment('UNEMPLOYMENT', '202608', 140000),
    ]);

    expect(findings).toEqual([]);
  });

  it('ignores a payment filed for a month after the declaration', () => {
    const findings = evaluate(familyDeclaring({}), [payment('UNEMPLOYMENT', '202612', 140000)]);

    expect(findings).toEqual([]);
  });
});

describe('insured wage', () => {
  it('flags a contribution wage base where no wage was declared as undeclared', () => {
    const findings = evaluate(familyDeclaring({}), [payment('CONTRIBUTION', '202610', 420000)]);

    expect(findings).toEqual([
      { member: MEMBER, item: 'insured-wage', kind: 'undeclared', declared: 0, found: 4200 },
    ]);
  });

  it('adds up the wage bases filed for the same latest month', () => {
    const findings = evaluate(familyDeclaring({ wage: 2000 }), [
      payment('CONTRIBUTION', '202610', 200000),
      payment('CONTRIBUTION', '202610', 150000),
      payment('CONTRIBUTION', '202609', 900000),
    ]);

    expect(findings).toMatchObject([{ item: 'insured-wage', kind: 'mismatch', found: 3500 }]);
  });

  it('compares each payment type only with its own declared income', () => {
    const findings = evaluate(familyDeclaring({ wage: 1850 }), [
      payment('PENSION', '202610', 185000),
    ]);

    expect(findings.map((f) => [f.item, f.kind])).toEqual([
      ['pension', 'undeclared'],
      ['insured-wage', 'not-found'],
    ]);
  });
});

describe('identity numbers', () => {
  it('matches a record filed under the 15-digit form to the 18-digit member', () => {
    const findings = evaluate(familyDeclaring({}, '430103195010100337'), [
      payment('PENSION', '202610', 120000, '430103501010033'),
    ]);

    expect(findings).toMatchObject([{ member: '430103195010100337', item: 'pension' }]);
  });

  it('matches a record whose check character is a lower-case x', () => {
    const findings = evaluate(familyDeclaring({}, '43010219830228100X'), [
      payment('PENSION', '202610', 120000, '43010219830228100x'),
    ]);

    expect(findings).toMatchObject([{ member: '43010219830228100X', item: 'pension' }]);
  });

  it('ignores records of a person who is not declared', () => {
    const findings = evaluate(familyDeclaring({}), [
      payment('PENSION', '202610', 120000, '430104195001010117'),
    ]);

    expect(findings).toEqual([]);
  });
});

const ITEMS = ['pension', 'unemployment-benefit', 'insured-wage'];

describe('the case book', () => {
  it.each(casesFor('social-security'))('reproduces the social-security entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = socialSecurityRecords.parse({
      payments: [],
      ...book.departments['social-security'],
    });

    const findings = evaluate(family, records.payments);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
