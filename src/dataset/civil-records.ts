import type { MarriageRecord } from '../../connectors/marriage/marriage.records.js';
import type {
  RegisteredHousehold,
} from '../../connectors/public-security/public-security.records.js';
import { addDays, addYears, randomDate } from './calendar.js';
import type { Person } from './dataset-types.js';
import type { ComposedMember, FamilyComposition, FormerMarriage } from './family-composition.js';
import { applicantOf, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import { filedId } from './people.js';

type HouseholdMember = RegisteredHousehold['members'][number];

/** How the household register names each relation, seen from the applicant as head. */
const RELATION_TO_APPLICANT: Readonly<Record<string, readonly [string, string]>> = {
  applicant: ['HEAD', 'HEAD'],
  spouse: ['SPOUSE', 'SPOUSE'],
  child: ['SON', 'DAUGHTER'],
  parent: ['FATHER', 'MOTHER'],
  grandparent: ['GRANDFATHER', 'GRANDMOTHER'],
  grandchild: ['GRANDSON', 'GRANDDAUGHTER'],
  sibling: ['BROTHER', 'SISTER'],
  other: ['OTHER', 'OTHER'],
};

/** The same relations seen from the applicant's father when he heads the household. */
const RELATION_TO_FATHER: Readonly<Record<string, readonly [string, string]>> = {
  ...RELATION_TO_APPLICANT,
  applicant: ['SON', 'DAUGHTER'],
  spouse: ['SON_IN_LAW', 'DAUGHTER_IN_LAW'],
  child: ['GRANDSON', 'GRANDDAUGHTER'],
  parent: ['HEAD', 'SPOUSE'],
  sibling: ['SON', 'DAUGHTER'],
};

/** Marriages, deaths of former partners and the household, consistent with the declaration. */
export function addCivilRecords(
  context: GeneratorContext,
  draft: FamilyDraft,
  composition: FamilyComposition,
): void {
  const marriage = draft.records.marriage.records;
  for (const couple of composition.couples) {
    marriage.push(marriageRow('MARRIAGE', couple.marriedOn, couple.man, couple.woman));
  }
  for (const former of composition.former) addFormerMarriage(context, draft, former);

  const household = householdOf(context, draft, composition);
  draft.records['public-security'].households.push(household);
}

export function marriageRow(
  type: MarriageRecord['type'],
  on: string,
  man: Person,
  woman: Person,
): MarriageRecord {
  const [husband, wife] = [filedId(man, 'marriage'), filedId(woman, 'marriage')];
  return { type, registeredOn: on, man: husband, woman: wife };
}

function addFormerMarriage(
  context: GeneratorContext,
  draft: FamilyDraft,
  former: FormerMarriage,
): void {
  const { random, calendar } = context;
  draft.people.set(former.partner.idNumber, former.partner);
  const from = addYears(former.marriedOn, former.endedBy === 'death' ? 2 : 1);
  const to = addDays(calendar.declaredOn, former.endedBy === 'death' ? -60 : -200);
  const endedOn = from < to ? randomDate(random, from, to) : to;

  const marriage = draft.records.marriage.records;
  if (former.registered) {
    marriage.push(marriageRow('MARRIAGE', former.marriedOn, former.man, former.woman));
  }
  if (former.endedBy === 'divorce') {
    marriage.push(marriageRow('DIVORCE', endedOn, former.man, former.woman));
    return;
  }
  const idNumber = filedId(former.partner, 'public-security');
  draft.records['public-security'].deaths.push({ idNumber, diedOn: endedOn });
}

/** The applicant's household: every declared member, the head listed first. */
function householdOf(
  context: GeneratorContext,
  draft: FamilyDraft,
  composition: FamilyComposition,
): RegisteredHousehold {
  const fatherHeads = composition.members.some((m) => isFather(m)) && context.random.chance(0.35);
  const table = fatherHeads ? RELATION_TO_FATHER : RELATION_TO_APPLICANT;
  const members = composition.members.map((m) => householdMember(m.person, m.relation, table));
  if (!fatherHeads) {
    const late = lateSpousesOnRegister(context, draft, composition);
    members.push(...late.map((spouse) => householdMember(spouse, 'spouse', table)));
  }

  const head = members.findIndex((m) => m.relationToHead === 'HEAD');
  if (head > 0) members.unshift(...members.splice(head, 1));
  return {
    householdNo: context.places.nextHouseholdNo(draft.village),
    areaCode: draft.county,
    members,
  };
}

/**
 * Now and then the applicant's late spouse: the register keeps the dead
 * until someone reports them, and the check passes over them.
 */
function lateSpousesOnRegister(
  context: GeneratorContext,
  draft: FamilyDraft,
  composition: FamilyComposition,
): Person[] {
  const applicant = applicantOf(draft).idNumber;
  return composition.former
    .filter((f) => f.member.idNumber === applicant && f.endedBy === 'death')
    .filter(() => context.random.chance(0.3))
    .map((f) => f.partner);
}

function isFather(member: ComposedMember): boolean {
  return member.relation === 'parent' && member.person.sex === 'male';
}

export function householdMember(
  person: Person,
  relation: string,
  table: Readonly<Record<string, readonly [string, string]>> = RELATION_TO_APPLICANT,
): HouseholdMember {
  const [male, female] = table[relation] ?? ['OTHER', 'OTHER'];
  return {
    idNumber: filedId(person, 'public-security'),
    name: person.name,
    relationToHead: person.sex === 'male' ? male : female,
  };
}
