import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { evaluateHousing } from './housing.items.js';
import {
  housingRecords,
  type HousingProperty,
  type HousingRecords,
  type HousingSubsidy,
} from './housing.records.js';
import { casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const HUSBAND = '430105197609140556';
const WIFE = '430105197904260681';
const OUTSIDER = '430103197001010777';

type Assets = DeclaredFamily['assets'];

function familyWith(assets: Partial<Assets>, members = [HUSBAND, WIFE]): DeclaredFamily {
  return {
    reference: 'T-1',
    assistance: 'housing-security',
    areaCode: '430121102002',
    declaredOn: DECLARED_ON,
    members: members.map((idNumber, index) => ({
      idNumber,
      name: 'member',
      relation: index === 0 ? 'applicant' : 'spouse',
      consentSignedOn: DECLARED_ON,
      declared: {
        monthlyIncome: { wage: 0, pension: 0, unemploymentBenefit: 0, business: 0 },
        maritalStatus: 'married',
        disabilityGrade: null,
      },
    })),
    assets: { realEstate: [], vehicles: [], housingSubsidy: false, ...assets },
  };
}

function property(
  certificateNo: string,
  floorArea: string,
  changes: Partial<HousingProperty> = {},
): HousingProperty {
  return {
    certificateNo,
    owners: [HUSBAND],
    floorArea,
    location: '430121',
    status: 'REGISTERED',
    registeredOn: '2015-07-09',
    ...changes,
  };
}

function subsidy(changes: Partial<HousingSubsidy> = {}): HousingSubsidy {
  return {
    idNumber: HUSBAND,
    scheme: 'RENT_SUBSIDY',
    monthlyAmount: '350.00',
    startOn: '2026-01-01',
    endOn: null,
    ...changes,
  };
}

function evaluate(family: DeclaredFamily, records: Partial<HousingRecords>): Finding[] {
  const input: EvaluationInput<HousingRecords> = {
    family,
    records: { properties: [], subsidies: [], ...records },
    answers: { recordsOf: () => null },
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluateHousing(input);
}

const declared = (ownerIdNumber: string, floorAreaM2: number) => ({ ownerIdNumber, floorAreaM2 });

describe('real estate', () => {
  it('flags nothing for a declared property within 1 m² of the registered one', () => {
    const family = familyWith({ realEstate: [declared(HUSBAND, 62.5)] });

    expect(evaluate(family, { properties: [property('C-1', '62.00')] })).toEqual([]);
  });

  it('pairs areas exactly 1 m² apart and not 1.01 m² apart', () => {
    const family = familyWith({ realEstate: [declared(HUSBAND, 63)] });

    expect(evaluate(family, { properties: [property('C-1', '62.00')] })).toEqual([]);
    expect(evaluate(family, { properties: [property('C-1', '61.99')] })).toEqual([
      { member: HUSBAND, item: 'real-estate', kind: 'undeclared', declared: null, found: 'C-1' },
      { member: HUSBAND, item: 'real-estate', kind: 'not-found', declared: 63, found: null },
    ]);
  });

  it('reports an undeclared co-owned flat under its first owner who is a member', () => {
    const flat = property('C-2', '96.35', { owners: [OUTSIDER, WIFE, HUSBAND] });

    expect(evaluate(familyWith({}), { properties: [flat] })).toEqual([
      { member: WIFE, item: 'real-estate', kind: 'undeclared', declared: null, found: 'C-2' },
    ]);
  });

  it('pairs a declared property with any co-owner, not only the first one', () => {
    const flat = property('C-2', '96.35', { owners: [OUTSIDER, WIFE, HUSBAND] });
    const family = familyWith({ realEstate: [declared(HUSBAND, 96)] });

    expect(evaluate(family, { properties: [flat] })).toEqual([]);
  });

  it('does not pair a declared property with one its owner does not own', () => {
    const family = familyWith({ realEstate: [declared(WIFE, 62)] });

    expect(evaluate(family, { properties: [property('C-1', '62.00')] })).toMatchObject([
      { member: HUSBAND, kind: 'undeclared', found: 'C-1' },
      { member: WIFE, kind: 'not-found', declared: 62 },
    ]);
  });

  it('ignores cancelled properties and those registered after the declaration', () => {
    const properties = [
      property('C-1', '62.00', { status: 'CANCELLED' }),
      property('C-2', '62.00', { registeredOn: '2026-11-21' }),
    ];

    expect(evaluate(familyWith({}), { properties })).toEqual([]);
  });

  it('counts a property registered on the declaration day', () => {
    const properties = [property('C-1', '62.00', { registeredOn: DECLARED_ON })];

    expect(evaluate(familyWith({}), { properties })).toMatchObject([{ kind: 'undeclared' }]);
  });

  it('ignores properties no member owns', () => {
    const properties = [property('C-1', '62.00', { owners: [OUTSIDER] })];

    expect(evaluate(familyWith({}), { properties })).toEqual([]);
  });

  it('pairs one to one: a property declared twice is found once', () => {
    const family = familyWith({ realEstate: [declared(HUSBAND, 62), declared(HUSBAND, 62)] });

    expect(evaluate(family, { properties: [property('C-1', '62.00')] })).toEqual([
      { member: HUSBAND, item: 'real-estate', kind: 'not-found', declared: 62, found: null },
    ]);
  });

  it('pairs a declared property with the closest area when several fit', () => {
    const family = familyWith({ realEstate: [declared(HUSBAND, 60.7)] });
    const properties = [property('C-far', '60.00'), property('C-near', '60.80')];

    expect(evaluate(family, { properties })).toMatchObject([
      { kind: 'undeclared', found: 'C-far' },
    ]);
  });

  it('finds a pairing for every property where one exists, whatever the order', () => {
    const family = familyWith({ realEstate: [declared(HUSBAND, 100), declared(HUSBAND, 99.2)] });
    const properties = [property('C-1', '99.90'), property('C-2', '100.90')];

    expect(evaluate(family, { properties })).toEqual([]);
  });

  it('matches owners filed under the 15-digit form to the 18-digit members', () => {
    const family = familyWith({ realEstate: [declared('430103195010100337', 70)] }, [
      '430103195010100337',
    ]);
    const properties = [property('C-1', '70.00', { owners: ['430103501010033'] })];

    expect(evaluate(family, { properties })).toEqual([]);
  });
});

describe('housing subsidy', () => {
  it('flags a running subsidy that was not declared as undeclared, with its scheme', () => {
    expect(evaluate(familyWith({}), { subsidies: [subsidy()] })).toEqual([
      {
        member: HUSBAND,
        item: 'housing-subsidy',
        kind: 'undeclared',
        declared: null,
        found: 'RENT_SUBSIDY',
      },
    ]);
  });

  it('counts a subsidy that starts or ends on the declaration day', () => {
    const subsidies = [
      subsidy({ startOn: DECLARED_ON }),
      subsidy({ idNumber: WIFE, endOn: DECLARED_ON }),
    ];

    expect(evaluate(familyWith({}), { subsidies }).map((f) => f.member)).toEqual([HUSBAND, WIFE]);
  });

  it('ignores a subsidy that ended before or starts after the declaration', () => {
    const subsidies = [subsidy({ endOn: '2026-11-19' }), subsidy({ startOn: '2026-11-21' })];

    expect(evaluate(familyWith({}), { subsidies })).toEqual([]);
  });

  it('flags nothing for a declared subsidy that is running for any member', () => {
    const family = familyWith({ housingSubsidy: true });

    expect(evaluate(family, { subsidies: [subsidy({ idNumber: WIFE })] })).toEqual([]);
  });

  it('flags a declared subsidy with none running as not found for the family', () => {
    const family = familyWith({ housingSubsidy: true });
    const subsidies = [subsidy({ endOn: '2025-12-31' }), subsidy({ idNumber: OUTSIDER })];

    expect(evaluate(family, { subsidies })).toEqual([
      { member: null, item: 'housing-subsidy', kind: 'not-found', declared: null, found: null },
    ]);
  });

  it('matches a subsidy filed under the 15-digit form to the 18-digit member', () => {
    const family = familyWith({ housingSubsidy: true }, ['430103195010100337']);

    expect(evaluate(family, { subsidies: [subsidy({ idNumber: '430103501010033' })] })).toEqual(
      [],
    );
  });
});

const ITEMS = ['real-estate', 'housing-subsidy'];

describe('the case book', () => {
  it.each(casesFor('housing'))('reproduces the housing entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = housingRecords.parse({
      properties: [],
      subsidies: [],
      ...book.departments.housing,
    });

    const findings = evaluate(family, records);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
