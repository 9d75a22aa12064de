import { describe, expect, it } from 'vitest';

import { declaredFamilySchema, type DeclaredFamily } from '../../src/domain/declared-family.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { evaluatePublicSecurity } from './public-security.items.js';
import {
  publicSecurityRecords,
  type PublicSecurityRecords,
  type RegisteredHousehold,
  type RegisteredVehicle,
} from './public-security.records.js';
import { casesFor, expectCaseBook } from '../../test/support/case-book.js';

const DECLARED_ON = '2026-11-20';
const MOTHER = '430102197203030913';
const DAUGHTER = '430102201005050023';
const SON = '430102199909090132';
const GRANDMOTHER = '430102194004040242';

type Vehicles = DeclaredFamily['assets']['vehicles'];

function familyOf(members: string[], vehicles: Vehicles = []): DeclaredFamily {
  return {
    reference: 'T-1',
    assistance: 'subsistence-allowance',
    areaCode: '430102001002',
    declaredOn: DECLARED_ON,
    members: members.map((idNumber, index) => ({
      idNumber,
      name: 'member',
      relation: index === 0 ? 'applicant' : 'child',
      consentSignedOn: DECLARED_ON,
      declared: {
        monthlyIncome: { wage: 0, pension: 0, unemploymentBenefit: 0, business: 0 },
        maritalStatus: 'single',
        disabilityGrade: null,
      },
    })),
    assets: { realEstate: [], vehicles, housingSubsidy: false },
  };
}

function household(householdNo: string, people: string[]): RegisteredHousehold {
  return {
    householdNo,
    areaCode: '430102',
    members: people.map((idNumber) => ({ idNumber, name: 'person', relationToHead: 'HEAD' })),
  };
}

function vehicle(plate: string, changes: Partial<RegisteredVehicle> = {}): RegisteredVehicle {
  return {
    plate,
    ownerIdNumber: MOTHER,
    vehicleType: 'K33',
    status: 'A',
    registeredOn: '2012-04-01',
    ...changes,
  };
}

function evaluate(family: DeclaredFamily, records: Partial<PublicSecurityRecords>): Finding[] {
  const input: EvaluationInput<PublicSecurityRecords> = {
    family,
    records: { households: [], vehicles: [], deaths: [], ...records },
    answers: { recordsOf: () => null },
    tolerance: () => ({ absolute: 50, relative: 0.05 }),
  };
  return evaluatePublicSecurity(input);
}

/** Records in which everyone declared lives in one household, so only vehicles can differ. */
function withVehicles(family: DeclaredFamily, vehicles: RegisteredVehicle[]): Finding[] {
  const people = family.members.map((m) => m.idNumber);
  return evaluate(family, { households: [household('H-1', people)], vehicles });
}

describe('vehicle', () => {
  it('flags nothing for a declared plate written with other separators', () => {
    const family = familyOf([MOTHER], [{ ownerIdNumber: MOTHER, plate: '湘A·12345' }]);

    expect(withVehicles(family, [vehicle('湘a 12345')])).toEqual([]);
  });

  it('flags an owned plate that was not declared as undeclared, normalised', () => {
    expect(withVehicles(familyOf([MOTHER]), [vehicle('湘A·D12345')])).toEqual([
      { member: MOTHER, item: 'vehicle', kind: 'undeclared', declared: null, found: '湘AD12345' },
    ]);
  });

  it('flags a declared plate that is not owned as not found, normalised', () => {
    const family = familyOf([MOTHER, DAUGHTER], [{ ownerIdNumber: DAUGHTER, plate: '湘a-7k201' }]);

    expect(withVehicles(family, [])).toEqual([
      { member: DAUGHTER, item: 'vehicle', kind: 'not-found', declared: '湘A7K201', found: null },
    ]);
  });

  it('ignores cancelled, forcibly cancelled and scrapped vehicles', () => {
    const vehicles = ['E', 'M', 'P'].map((status) => vehicle(`湘A·${status}0001`, { status }));

    expect(withVehicles(familyOf([MOTHER]), vehicles)).toEqual([]);
  });

  it('counts a vehicle registered on the declaration day but not one registered after', () => {
    const vehicles = [
      vehicle('湘A00001', { registeredOn: DECLARED_ON }),
      vehicle('湘A00002', { registeredOn: '2026-11-21' }),
    ];

    expect(withVehicles(familyOf([MOTHER]), vehicles).map((f) => f.found)).toEqual(['湘A00001']);
  });

  it('accepts a plate declared under one member and registered to another', () => {
    const family = familyOf([MOTHER, DAUGHTER], [{ ownerIdNumber: DAUGHTER, plate: '湘A12345' }]);

    expect(withVehicles(family, [vehicle('湘A12345')])).toEqual([]);
  });

  it('ignores vehicles of persons who are not declared', () => {
    expect(withVehicles(familyOf([MOTHER]), [vehicle('湘A12345', { ownerIdNumber: SON })]))
      .toEqual([]);
  });

  it('reports a plate registered twice once', () => {
    const vehicles = [vehicle('湘A·12345'), vehicle('湘A12345')];

    expect(withVehicles(familyOf([MOTHER]), vehicles)).toHaveLength(1);
  });

  it('matches an owner filed under the 15-digit form to the 18-digit member', () => {
    const family = familyOf(['430103195010100337']);
    const vehicles = [vehicle('湘A12345', { ownerIdNumber: '430103501010033' })];

    expect(withVehicles(family, vehicles)).toMatchObject([{ member: '430103195010100337' }]);
  });
});

describe('household registration', () => {
  it('flags nothing when every member is in the applicant household and no one else', () => {
    const households = [household('H-1', [MOTHER, DAUGHTER])];

    expect(evaluate(familyOf([MOTHER, DAUGHTER]), { households })).toEqual([]);
  });

  it('flags a member registered in another household as not registered', () => {
    const households = [household('H-1', [MOTHER]), household('H-2', [DAUGHTER])];

    expect(evaluate(familyOf([MOTHER, DAUGHTER]), { households })).toEqual([
      {
        member: DAUGHTER,
        item: 'household-registration',
        kind: 'member-not-registered',
        declared: null,
        found: null,
      },
    ]);
  });

  it('flags every member as not registered when the applicant is in no household', () => {
    const households = [household('H-2', [DAUGHTER])];

    expect(evaluate(familyOf([MOTHER, DAUGHTER]), { households })).toMatchObject([
      { member: MOTHER, kind: 'member-not-registered' },
      { member: DAUGHTER, kind: 'member-not-registered' },
    ]);
  });

  it('flags a living person in the household who was not declared', () => {
    const households = [household('H-1', [MOTHER, SON])];

    expect(evaluate(familyOf([MOTHER]), { households })).toEqual([
      {
        member: SON,
        item: 'household-registration',
        kind: 'member-undeclared',
        declared: null,
        found: null,
      },
    ]);
  });

  it('does not ask for a person in the household who died on or before the declaration', () => {
    const households = [household('H-1', [MOTHER, GRANDMOTHER, SON])];
    const deaths = [
      { idNumber: GRANDMOTHER, diedOn: '2025-12-30' },
      { idNumber: SON, diedOn: DECLARED_ON },
    ];

    expect(evaluate(familyOf([MOTHER]), { households, deaths })).toEqual([]);
  });

  it('asks for a person in the household whose death is recorded after the declaration', () => {
    const households = [household('H-1', [MOTHER, GRANDMOTHER])];
    const deaths = [{ idNumber: GRANDMOTHER, diedOn: '2026-11-21' }];

    expect(evaluate(familyOf([MOTHER]), { households, deaths })).toMatchObject([
      { member: GRANDMOTHER, kind: 'member-undeclared' },
    ]);
  });

  it('matches household members filed under the 15-digit form or with a lower-case x', () => {
    const family = familyOf(['430103195010100337', '43010219830228100X']);
    const households = [household('H-1', ['430103501010033', '43010219830228100x'])];

    expect(evaluate(family, { households })).toEqual([]);
  });
});

describe('death', () => {
  const households = [household('H-1', [MOTHER, GRANDMOTHER])];

  it('flags a member who died before the declaration as deceased, with the date', () => {
    const deaths = [{ idNumber: GRANDMOTHER, diedOn: '2026-06-01' }];

    expect(evaluate(familyOf([MOTHER, GRANDMOTHER]), { households, deaths })).toEqual([
      { member: GRANDMOTHER, item: 'death', kind: 'deceased', declared: null, found: '2026-06-01' },
    ]);
  });

  it('flags a member who died on the declaration day but not one recorded after it', () => {
    const onTheDay = [{ idNumber: GRANDMOTHER, diedOn: DECLARED_ON }];
    const after = [{ idNumber: GRANDMOTHER, diedOn: '2026-11-21' }];
    const family = familyOf([MOTHER, GRANDMOTHER]);

    expect(evaluate(family, { households, deaths: onTheDay })).toHaveLength(1);
    expect(evaluate(family, { households, deaths: after })).toEqual([]);
  });

  it('matches a death filed under the 15-digit form to the 18-digit member', () => {
    const family = familyOf(['430103195010100337']);
    const deaths = [{ idNumber: '430103501010033', diedOn: '2026-06-01' }];

    expect(evaluate(family, { households: [household('H-1', ['430103195010100337'])], deaths }))
      .toMatchObject([{ member: '430103195010100337', kind: 'deceased' }]);
  });
});

const ITEMS = ['vehicle', 'household-registration', 'death'];

describe('the case book', () => {
  it.each(casesFor('public-security'))('reproduces the public-security entries of $id', (book) => {
    const family = declaredFamilySchema({ villageExists: () => true }).parse(book.family);
    const records = publicSecurityRecords.parse({
      households: [],
      vehicles: [],
      deaths: [],
      ...book.departments['public-security'],
    });

    const findings = evaluate(family, records);

    expectCaseBook(findings, (book.expect ?? []).filter((e) => ITEMS.includes(e.item)));
  });
});
