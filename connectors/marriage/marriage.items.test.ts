import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding, MaritalStatus } from '../../src/domain/vocabulary.js';
import type { Department, DepartmentAnswers, EvaluationInput } from '../contract.js';
import { publicSecurity } from '../public-security/public-security.department.js';
import {
  publicSecurityRecords,
  type PublicSecurityRecords,
  type RecordedDeath,
} from '../public-security/public-security.records.js';
import { evaluateMarriage } from './marriage.items.js';
import { marriageRecords, type MarriageRecord, type MarriageRecords } from './marriage.records.js';
import { type CaseBook, casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const HUSBAND = '430104195001010117';
const WIFE = '430104195208080227';
const OTHER_MAN = '320104198201300571';
const OTHER_WOMAN = '320105198609190827';

function familyOf(members: [string, MaritalStatus][]): DeclaredFamily {
  return {
    reference: 'T-1',
    assistance: 'subsistence-allowance',
    areaCode: '430104001001',
    declaredOn: DECLARED_ON,
    members: members.map(([idNumber, maritalStatus], index) => ({
      idNumber,
      name: 'member',
      relation: index === 0 ? 'applicant' : 'spouse',
      consentSignedOn: DECLARED_ON,
      declared: {
        monthlyIncome: { wage: 0, pension: 0, unemploymentBenefit: 0, business: 0 },
        maritalStatus,
        disabilityGrade: null,
      },
    })),
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function record(
  type: MarriageRecord['type'],
  registeredOn: string,
  man = HUSBAND,
  woman = WIFE,
): MarriageRecord {
  return { type, registeredOn, man, woman };
}

/** Public security's answer holding these deaths, or no answer at all for null. */
function answersWith(deaths: RecordedDeath[] | null): DepartmentAnswers {
  return {
    recordsOf<R>(department: Department<R>): R | null {
      if (deaths === null || department.name !== publicSecurity.name) return null;
      const records: PublicSecurityRecords = { households: [], vehicles: [], deaths };
      return records as unknown as R;
    },
  };
}

function evaluate(
  family: DeclaredFamily,
  records: MarriageRecord[],
  deaths: RecordedDeath[] | null = [],
): Finding[] {
  const input: EvaluationInput<MarriageRecords> = {
    family,
    records: { records },
    answers: answersWith(deaths),
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluateMarriage(input);
}

describe('marital status', () => {
  const married = [record('MARRIAGE', '1974-02-11')];
  const divorced = [...married, record('DIVORCE', '2001-05-05')];

  it('agrees when married, divorced or never registered match the declaration', () => {
    expect(evaluate(familyOf([[HUSBAND, 'married'], [WIFE, 'married']]), married)).toEqual([]);
    expect(evaluate(familyOf([[HUSBAND, 'divorced']]), divorced)).toEqual([]);
    expect(evaluate(familyOf([[HUSBAND, 'single']]), [])).toEqual([]);
    expect(evaluate(familyOf([[HUSBAND, 'widowed']]), [])).toEqual([]);
  });

  it('agrees with a declared widow whose husband died before the declaration', () => {
    const deaths = [{ idNumber: HUSBAND, diedOn: '2019-04-02' }];

    expect(evaluate(familyOf([[WIFE, 'widowed']]), married, deaths)).toEqual([]);
  });

  it('flags a declared widow whose husband is alive as a mismatch', () => {
    expect(evaluate(familyOf([[WIFE, 'widowed']]), married)).toContainEqual({
      member: WIFE,
      item: 'marital-status',
      kind: 'mismatch',
      declared: 'widowed',
      found: 'married',
    });
  });

  it('flags a declared widow whose husband died after the declaration as a mismatch', () => {
    const deaths = [{ idNumber: HUSBAND, diedOn: '2026-11-21' }];

    expect(evaluate(familyOf([[WIFE, 'widowed']]), married, deaths)).toContainEqual(
      expect.objectContaining({ item: 'marital-status', kind: 'mismatch' }),
    );
  });

  it('reports a widowhood as unavailable when public security did not answer', () => {
    const findings = evaluate(familyOf([[WIFE, 'widowed']]), married, null);

    expect(findings).toContainEqual({
      member: WIFE,
      item: 'marital-status',
      kind: 'unavailable',
      declared: 'widowed',
      found: 'married',
    });
  });

  it('flags a declared divorce followed by a new marriage as a mismatch', () => {
    const records = [
      record('MARRIAGE', '2010-05-01', OTHER_MAN, WIFE),
      record('DIVORCE', '2020-08-14', OTHER_MAN, WIFE),
      record('MARRIAGE', '2024-02-14', OTHER_MAN, OTHER_WOMAN),
    ];

    expect(evaluate(familyOf([[OTHER_MAN, 'divorced']]), records)).toContainEqual({
      member: OTHER_MAN,
      item: 'marital-status',
      kind: 'mismatch',
      declared: 'divorced',
      found: 'married',
    });
  });

  it('flags a declared marriage with no record as not found', () => {
    expect(evaluate(familyOf([[HUSBAND, 'married']]), [])).toEqual([
      {
        member: HUSBAND,
        item: 'marital-status',
        kind: 'not-found',
        declared: 'married',
        found: 'none',
      },
    ]);
  });

  it('flags a declared single person with a divorce on record as a mismatch', () => {
    expect(evaluate(familyOf([[HUSBAND, 'single']]), divorced)).toMatchObject([
      { kind: 'mismatch', found: 'divorced' },
    ]);
  });

  it('counts a record registered on the declaration day but not one after it', () => {
    const family = familyOf([[HUSBAND, 'single'], [WIFE, 'single']]);

    expect(evaluate(family, [record('MARRIAGE', '2026-11-21')])).toEqual([]);
    expect(evaluate(family, [record('MARRIAGE', DECLARED_ON)])).toHaveLength(2);
  });

  it('takes a divorce registered on the day of a marriage as the later record', () => {
    const sameDay = [record('DIVORCE', '2001-05-05'), record('MARRIAGE', '2001-05-05')];

    expect(evaluate(familyOf([[HUSBAND, 'divorced']]), sameDay)).toEqual([]);
  });

  it('matches parties filed under the 15-digit form to the 18-digit members', () => {
    const legacy = [record('MARRIAGE', '1975-09-09', '430104500101011', '430104520808022')];
    const family = familyOf([[HUSBAND, 'married'], [WIFE, 'married']]);

    expect(evaluate(family, legacy)).toEqual([]);
  });
});

describe('spouse', () => {
  it('flags the living spouse of the latest marriage who was not declared', () => {
    expect(evaluate(familyOf([[HUSBAND, 'married']]), [record('MARRIAGE', '1974-02-11')]))
      .toEqual([
        { member: WIFE, item: 'spouse', kind: 'member-undeclared', declared: null, found: null },
      ]);
  });

  it('flags no spouse who was declared, is dead, or was divorced', () => {
    const married = [record('MARRIAGE', '1974-02-11')];
    const deaths = [{ idNumber: WIFE, diedOn: '2020-01-01' }];
    const divorced = [...married, record('DIVORCE', '2001-05-05')];

    expect(evaluate(familyOf([[HUSBAND, 'married'], [WIFE, 'married']]), married)).toEqual([]);
    expect(evaluate(familyOf([[HUSBAND, 'widowed']]), married, deaths)).toEqual([]);
    expect(evaluate(familyOf([[HUSBAND, 'divorced']]), divorced)).toEqual([]);
  });

  it('treats the spouse as alive when public security did not answer', () => {
    const married = [record('MARRIAGE', '1974-02-11')];
    const findings = evaluate(familyOf([[HUSBAND, 'married']]), married, null);

    expect(findings).toMatchObject([{ member: WIFE, item: 'spouse', kind: 'member-undeclared' }]);
  });

  it('reports a spouse two members point at once', () => {
    const records = [
      record('MARRIAGE', '1990-01-01', HUSBAND, OTHER_WOMAN),
      record('MARRIAGE', '1995-01-01', OTHER_MAN, OTHER_WOMAN),
    ];
    const family = familyOf([[HUSBAND, 'married'], [OTHER_MAN, 'married']]);

    expect(evaluate(family, records).filter((f) => f.item === 'spouse')).toEqual([
      {
        member: OTHER_WOMAN,
        item: 'spouse',
        kind: 'member-undeclared',
        declared: null,
        found: null,
      },
    ]);
  });

  it('reports a spouse filed under the 15-digit form by the 18-digit number', () => {
    const records = [record('MARRIAGE', '1974-02-11', HUSBAND, '430104520808022')];

    expect(evaluate(familyOf([[HUSBAND, 'married']]), records)).toMatchObject([{ member: WIFE }]);
  });
});

const ITEMS = ['marital-status', 'spouse'];

/** Public security's deaths in the case, or null where it is down. */
function deathsIn(book: CaseBook): RecordedDeath[] | null {
  const answer = book.departments['public-security'];
  if (answer?.down) return null;

  const empty = { households: [], vehicles: [], deaths: [] };
  return publicSecurityRecords.parse({ ...empty, ...answer }).deaths;
}

describe('the case book', () => {
  it.each(casesFor('marriage'))('reproduces the marriage entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = marriageRecords.parse({ records: [], ...book.departments.marriage });

    const findings = evaluate(family, records.records, deathsIn(book));

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
