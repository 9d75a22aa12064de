import type { DeclaredFamily, DeclaredMember } from '../domain/declared-family.js';
import type { ASSISTANCE_KINDS } from '../domain/vocabulary.js';
import { addDays } from './calendar.js';
import { addCivilRecords } from './civil-records.js';
import { addDisabilities } from './disability-records.js';
import { addAssets } from './family-assets.js';
import { FamilyComposition, type ComposedMember } from './family-composition.js';
import { emptyRecordSets, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import { FAMILY_TEMPLATES } from './family-templates.js';
import { addIncomes } from './income-profiles.js';

type Assistance = (typeof ASSISTANCE_KINDS)[number];

const ASSISTANCE_SHARES: ReadonlyArray<readonly [Assistance, number]> = [
  ['subsistence-allowance', 50],
  ['medical-assistance', 15],
  ['low-income', 15],
  ['housing-security', 7],
  ['education-aid', 8],
  ['temporary-assistance', 5],
];

/**
 * A consistent family: its declaration and every record the departments hold
 * on its people agree, within the tolerances of the check items.
 */
export function composeFamily(context: GeneratorContext, reference: string): FamilyDraft {
  const village = context.places.pickVillage();
  const county = village.slice(0, 6);
  const composition = new FamilyComposition(context, county);
  context.random.weighted(FAMILY_TEMPLATES)(composition);

  const draft: FamilyDraft = {
    family: declaredFamily(context, reference, village, composition.members),
    records: emptyRecordSets(),
    people: new Map(composition.members.map((m) => [m.person.idNumber, m.person])),
    planted: [],
    claims: new Set(),
    village,
    county,
  };

  addCivilRecords(context, draft, composition);
  addIncomes(context, draft);
  addAssets(context, draft);
  addDisabilities(context, draft);
  return draft;
}

function declaredFamily(
  context: GeneratorContext,
  reference: string,
  village: string,
  members: ComposedMember[],
): DeclaredFamily {
  const signedOn = consentDate(context);
  return {
    reference,
    assistance: context.random.weighted(ASSISTANCE_SHARES),
    areaCode: village,
    declaredOn: context.calendar.declaredOn,
    members: members.map((member) => declaredMember(context, member, signedOn)),
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function declaredMember(
  context: GeneratorContext,
  member: ComposedMember,
  familySignedOn: string,
): DeclaredMember {
  // Most members sign together; some sign on another visit.
  const signedOn = context.random.chance(0.1) ? consentDate(context) : familySignedOn;
  return {
    idNumber: member.person.idNumber,
    name: member.person.name,
    relation: member.relation,
    consentSignedOn: signedOn,
    declared: {
      monthlyIncome: { wage: 0, pension: 0, unemploymentBenefit: 0, business: 0 },
      maritalStatus: member.maritalStatus,
      disabilityGrade: null,
    },
  };
}

/** Consent signed 1 to 300 days before the declaration, usually within the month. */
function consentDate(context: GeneratorContext): string {
  const { random, calendar } = context;
  const daysBefore = random.chance(0.85) ? random.int(1, 30) : random.int(31, 300);
  return addDays(calendar.declaredOn, -daysBefore);
}
