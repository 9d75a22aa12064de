import { beforeAll, describe, expect, it } from 'vitest';

import { departments } from '../../connectors/registry.js';
import { loadDivisionIndex, type DivisionIndex } from '../divisions/division-index.js';
import { declaredFamilySchema } from '../domain/declared-family.js';
import { identityNumberProblem, normaliseIdentityNumber } from '../domain/identity-number.js';
import { dayNumber } from './calendar.js';
import type { Dataset, DepartmentRecordSets } from './dataset-types.js';
import { generateDataset, generateFamilies } from './generate-dataset.js';
import { hasRareCharacter } from './person-names.js';

/** Every item and kind the generator plants; `unavailable` needs a department down instead. */
const PLANTED_KINDS = [
  'pension/undeclared', 'pension/mismatch', 'pension/not-found',
  'unemployment-benefit/undeclared', 'unemployment-benefit/mismatch',
  'unemployment-benefit/not-found',
  'insured-wage/undeclared', 'insured-wage/mismatch', 'insured-wage/not-found',
  'taxed-wage/undeclared', 'taxed-wage/mismatch', 'taxed-wage/not-found',
  'provident-fund/undeclared', 'business/undeclared', 'business/not-found',
  'real-estate/undeclared', 'real-estate/not-found', 'property-transaction/notice',
  'housing-subsidy/undeclared', 'housing-subsidy/not-found',
  'vehicle/undeclared', 'vehicle/not-found',
  'household-registration/member-undeclared', 'household-registration/member-not-registered',
  'death/deceased', 'disability/mismatch', 'disability/undeclared', 'disability/not-found',
  'marital-status/mismatch', 'marital-status/not-found', 'spouse/member-undeclared',
];

/** Every identity number the records hold, as filed. */
function filedIds(records: DepartmentRecordSets): string[] {
  const publicSecurity = records['public-security'];
  return [
    ...records['social-security'].payments.map((r) => r.aac002),
    ...records.housing.properties.flatMap((r) => r.owners),
    ...records.housing.subsidies.map((r) => r.idNumber),
    ...publicSecurity.households.flatMap((h) => h.members.map((m) => m.idNumber)),
    ...publicSecurity.vehicles.map((r) => r.ownerIdNumber),
    ...publicSecurity.deaths.map((r) => r.idNumber),
    ...records['provident-fund'].rows.map((r) => r.id_card),
    ...records['state-tax'].businesses.map((r) => r.taxpayerId),
    ...records['local-tax'].wageTax.map((r) => r.idNumber),
    ...records['local-tax'].deedTax.map((r) => r.idNumber),
    ...records.disability.rows.map((r) => r.id_no),
    ...records.marriage.records.flatMap((r) => [r.man, r.woman]),
  ];
}

describe('generated data set', () => {
  let divisions: DivisionIndex;
  let dataset: Dataset;

  beforeAll(async () => {
    divisions = await loadDivisionIndex();
    dataset = await generateDataset({ seed: 2026, families: 2_000 });
  });

  it('is the same for the same seed, and another for another seed', async () => {
    const first = await generateDataset({ seed: 42, families: 150 });
    const again = await generateDataset({ seed: 42, families: 150 });
    const other = await generateDataset({ seed: 43, families: 150 });

    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(other.families[0]).not.toEqual(first.families[0]);
  });

  it('streams the same families one at a time', async () => {
    const whole = await generateDataset({ seed: 42, families: 150 });
    const streamed = [];
    for await (const generated of generateFamilies({ seed: 42, families: 150 })) {
      streamed.push(generated.family);
    }

    expect(streamed).toEqual(whole.families);
  });

  it('declares only families the submission rules accept', () => {
    const schema = declaredFamilySchema({ villageExists: (code) => divisions.villageExists(code) });
    const refused = dataset.families.filter((family) => !schema.safeParse(family).success);

    expect(refused.map((family) => family.reference)).toEqual([]);
  });

  it('keeps families between one and six members, consent 1 to 300 days old', () => {
    for (const family of dataset.families) {
      expect(family.members.length).toBeGreaterThanOrEqual(1);
      expect(family.members.length).toBeLessThanOrEqual(6);
      for (const member of family.members) {
        const age = dayNumber(family.declaredOn) - dayNumber(member.consentSignedOn ?? '');
        expect(age).toBeGreaterThanOrEqual(1);
        expect(age).toBeLessThanOrEqual(300);
      }
    }
  });

  it('hands out each reference and identity number once', () => {
    const references = dataset.families.map((family) => family.reference);
    const members = dataset.families.flatMap((family) => family.members.map((m) => m.idNumber));

    expect(new Set(references).size).toBe(references.length);
    expect(new Set(members).size).toBe(members.length);
  });

  it('holds records every department schema accepts', () => {
    for (const department of departments) {
      const records = dataset.departments[department.name as keyof DepartmentRecordSets];
      const parsed = department.records.safeParse(records);

      expect(parsed.error?.issues.slice(0, 3), department.name).toBeUndefined();
    }
  });

  it('plants discrepancies in roughly a third of the families', () => {
    const planted = new Set(dataset.planted.map((entry) => entry.reference));
    const share = planted.size / dataset.families.length;

    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.42);
  });

  it('plants every item and kind the check can report from records', () => {
    const kinds = new Set(dataset.planted.map((entry) => `${entry.item}/${entry.kind}`));

    expect(PLANTED_KINDS.filter((kind) => !kinds.has(kind))).toEqual([]);
    expect([...kinds].filter((kind) => !PLANTED_KINDS.includes(kind))).toEqual([]);
  });

  it('names planted members by their normalised identity number', () => {
    for (const entry of dataset.planted) {
      if (entry.member === null) continue;
      expect(identityNumberProblem(entry.member)).toBeNull();
      expect(entry.member).toBe(entry.member.toUpperCase());
    }
  });

  it('includes names with characters outside the basic plane', () => {
    const names = dataset.families.flatMap((family) => family.members.map((m) => m.name));
    const rare = names.filter(hasRareCharacter);

    expect(rare.length).toBeGreaterThan(names.length * 0.004);
    expect(rare.length).toBeLessThan(names.length * 0.02);
  });

  it('files about one in twenty older people\'s records under the 15-digit number', () => {
    const older = filedIds(dataset.departments).filter(
      (id) => Number(normaliseIdentityNumber(id).slice(6, 10)) < 1976,
    );
    const legacy = older.filter((id) => id.length === 15);

    expect(legacy.length / older.length).toBeGreaterThan(0.02);
    expect(legacy.length / older.length).toBeLessThan(0.1);
  });

  it('follows the options for place, date and reference', async () => {
    const options = {
      seed: 5,
      families: 50,
      declaredOn: '2025-03-31',
      countyPrefixes: ['110101', '320106'],
      referencePrefix: 'BJ-',
    };
    const small = await generateDataset(options);

    for (const family of small.families) {
      expect(family.declaredOn).toBe('2025-03-31');
      expect(family.reference).toMatch(/^BJ-\d{6}$/);
      expect(['110101', '320106']).toContain(family.areaCode.slice(0, 6));
      expect(divisions.villageExists(family.areaCode)).toBe(true);
    }
  });

  it('refuses a prefix with no published village under it', async () => {
    await expect(generateDataset({ seed: 1, families: 1, countyPrefixes: ['999999'] })).rejects
      .toThrow(/no published village/);
  });
});
