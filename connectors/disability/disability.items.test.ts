import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { evaluateDisability } from './disability.items.js';
import {
  disabilityRecords,
  type DisabilityCertificateRow,
  type DisabilityRecords,
} from './disability.records.js';
import { casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const MEMBER = '430111196802230177';

function familyDeclaring(disabilityGrade: number | null, idNumber = MEMBER): DeclaredFamily {
  return {
    reference: 'T-1',
    assistance: 'subsistence-allowance',
    areaCode: '430121102004',
    declaredOn: DECLARED_ON,
    members: [
      {
        idNumber,
        name: 'member',
        relation: 'applicant',
        consentSignedOn: DECLARED_ON,
        declared: {
          monthlyIncome: { wage: 0, pension: 0, unemploymentBenefit: 0, business: 0 },
          maritalStatus: 'single',
          disabilityGrade,
        },
      },
    ],
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function certificate(changes: Partial<DisabilityCertificateRow> = {}): DisabilityCertificateRow {
  return {
    id_no: MEMBER,
    cert_no: '43011119680223017743',
    category: 4,
    grade: 3,
    issued_on: '2018-03-01',
    valid_until: '2028-02-28',
    ...changes,
  };
}

function evaluate(family: DeclaredFamily, rows: DisabilityCertificateRow[]): Finding[] {
  const input: EvaluationInput<DisabilityRecords> = {
    family,
    records: { rows },
    answers: { recordsOf: () => null },
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluateDisability(input);
}

describe('disability', () => {
  it('flags a valid certificate of another grade as a mismatch', () => {
    expect(evaluate(familyDeclaring(2), [certificate()])).toEqual([
      { member: MEMBER, item: 'disability', kind: 'mismatch', declared: 2, found: 3 },
    ]);
  });

  it('flags a valid certificate where no grade was declared as undeclared', () => {
    expect(evaluate(familyDeclaring(null), [certificate({ grade: 1 })])).toEqual([
      { member: MEMBER, item: 'disability', kind: 'undeclared', declared: null, found: 1 },
    ]);
  });

  it('flags a declared grade without a valid certificate as not found', () => {
    expect(evaluate(familyDeclaring(4), [])).toEqual([
      { member: MEMBER, item: 'disability', kind: 'not-found', declared: 4, found: null },
    ]);
  });

  it('flags nothing when the grades agree or neither side has one', () => {
    expect(evaluate(familyDeclaring(3), [certificate()])).toEqual([]);
    expect(evaluate(familyDeclaring(null), [])).toEqual([]);
  });

  it('ignores a certificate that expired before the declaration', () => {
    const expired = certificate({ valid_until: '2026-11-19' });

    expect(evaluate(familyDeclaring(null), [expired])).toEqual([]);
  });

  it('counts a certificate on the days it is issued and expires', () => {
    expect(evaluate(familyDeclaring(3), [certificate({ valid_until: DECLARED_ON })])).toEqual([]);
    expect(evaluate(familyDeclaring(3), [certificate({ issued_on: DECLARED_ON })])).toEqual([]);
  });

  it('ignores a certificate issued after the declaration', () => {
    expect(evaluate(familyDeclaring(null), [certificate({ issued_on: '2026-11-21' })])).toEqual([]);
  });

  it('counts a certificate without an end date', () => {
    expect(evaluate(familyDeclaring(3), [certificate({ valid_until: null })])).toEqual([]);
  });

  it('takes the most severe grade of several valid certificates', () => {
    const rows = [certificate({ grade: 3 }), certificate({ category: 1, grade: 2 })];

    expect(evaluate(familyDeclaring(3), rows)).toMatchObject([{ kind: 'mismatch', found: 2 }]);
  });

  it('matches a certificate filed under the 15-digit form to the 18-digit member', () => {
    const family = familyDeclaring(null, '430103195010100337');

    expect(evaluate(family, [certificate({ id_no: '430103501010033' })])).toMatchObject([
      { member: '430103195010100337', kind: 'undeclared' },
    ]);
  });

  it('ignores the certificate of a person who is not declared', () => {
    expect(evaluate(familyDeclaring(null), [certificate({ id_no: '430104195001010117' })]))
      .toEqual([]);
  });
});

const ITEMS = ['disability'];

describe('the case book', () => {
  it.each(casesFor('disability'))('reproduces the disability entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = disabilityRecords.parse({ rows: [], ...book.departments.disability });

    const findings = evaluate(family, records.rows);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
