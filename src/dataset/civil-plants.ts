import type {
  RegisteredHousehold,
} from '../../connectors/public-security/public-security.records.js';
import { addDays, addYears, ageOn, randomDate } from './calendar.js';
import { householdMember, marriageRow } from './civil-records.js';
import type { Person } from './dataset-types.js';
import { addCertificate, randomGrade } from './disability-records.js';
import { FamilyComposition } from './family-composition.js';
import {
  applicantOf,
  claim,
  plant,
  type FamilyDraft,
  type GeneratorContext,
} from './family-draft.js';
import { filedId } from './people.js';
import { filedUnder, plantOnMember, type Candidate, type Plant } from './plant-helpers.js';

function householdHolding(draft: FamilyDraft, person: Person): RegisteredHousehold | undefined {
  return draft.records['public-security'].households.find((household) =>
    household.members.some((m) => filedUnder(m.idNumber, person.idNumber)),
  );
}

/** An adult living in the applicant's household whom the declaration leaves out. */
export const unlistedResident: Plant = (context, draft) => {
  const household = householdHolding(draft, applicantOf(draft));
  if (!household || !claim(draft, null, 'household')) return false;

  const resident = adultResident(context, draft);
  const applicantAge = ageOn(applicantOf(draft).birthOn, context.calendar.declaredOn);
  const gap = applicantAge - ageOn(resident.birthOn, context.calendar.declaredOn);
  const relation = gap >= 18 ? 'child' : context.random.pick(['sibling', 'other']);
  household.members.push(householdMember(resident, relation));
  plant(draft, resident.idNumber, 'household-registration', 'member-undeclared');
  return true;
};

function adultResident(context: GeneratorContext, draft: FamilyDraft): Person {
  const sex = context.random.chance(0.6) ? 'male' : 'female';
  const resident = new FamilyComposition(context, draft.county).person(sex, 18, 40);
  draft.people.set(resident.idNumber, resident);
  return resident;
}

/**
 * A member registered in another household, or none; a lone applicant may
 * hold no registration at all.
 */
export const registeredElsewhere: Plant = (context, draft) => {
  const applicant = applicantOf(draft);
  const household = householdHolding(draft, applicant);
  if (!household || !claim(draft, null, 'household')) return false;

  const others = draft.family.members.filter((m) => m.idNumber !== applicant.idNumber);
  if (others.length === 0) {
    const households = draft.records['public-security'].households;
    households.splice(households.indexOf(household), 1);
    plant(draft, applicant.idNumber, 'household-registration', 'member-not-registered');
    return true;
  }

  const moved = context.random.pick(others);
  moveOut(context, draft, household, moved.idNumber);
  plant(draft, moved.idNumber, 'household-registration', 'member-not-registered');
  return true;
};

/** Takes a member out of the household; most are registered in a household of their own. */
function moveOut(
  context: GeneratorContext,
  draft: FamilyDraft,
  household: RegisteredHousehold,
  idNumber: string,
): void {
  const index = household.members.findIndex((m) => filedUnder(m.idNumber, idNumber));
  const [entry] = index < 0 ? [] : household.members.splice(index, 1);
  if (!entry || !context.random.chance(0.7)) return;

  const village = context.places.pickVillage();
  draft.records['public-security'].households.push({
    householdNo: context.places.nextHouseholdNo(village),
    areaCode: village.slice(0, 6),
    members: [{ ...entry, relationToHead: 'HEAD' }],
  });
}

/** A declared member whose death was recorded months before the declaration. */
export const deceasedMember: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'death',
    (c) => c.member.relation !== 'applicant' && c.age >= 40,
    (c) => {
      const { declaredOn } = context.calendar;
      const earliest = [addDays(declaredOn, -300), addDays(c.person.birthOn, 1)].sort();
      const from = earliest.at(-1) ?? declaredOn;
      const diedOn = randomDate(context.random, from, addDays(declaredOn, -5));
      const idNumber = filedId(c.person, 'public-security');
      draft.records['public-security'].deaths.push({ idNumber, diedOn });
      plant(draft, c.member.idNumber, 'death', 'deceased');
    },
  );

function holdsValidCertificate(
  context: GeneratorContext,
  draft: FamilyDraft,
  c: Candidate,
): boolean {
  const { declaredOn } = context.calendar;
  return draft.records.disability.rows.some(
    (row) =>
      filedUnder(row.id_no, c.person.idNumber) &&
      row.issued_on <= declaredOn &&
      (row.valid_until === null || row.valid_until >= declaredOn),
  );
}

/** A declared grade other than the one on the valid certificate; a member may get one first. */
export const regradedDisability: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'disability',
    (c) => c.member.declared.disabilityGrade !== null || !holdsValidCertificate(context, draft, c),
    (c) => {
      const found = c.member.declared.disabilityGrade ?? randomGrade(context);
      if (c.member.declared.disabilityGrade === null) {
        addCertificate(context, draft, c.person, found, 'valid');
      }
      const others = ([1, 2, 3, 4] as const).filter((grade) => grade !== found);
      c.member.declared.disabilityGrade = context.random.pick(others);
      plant(draft, c.member.idNumber, 'disability', 'mismatch');
    },
  );

/** A valid certificate the family did not mention. */
export const undeclaredDisability: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'disability',
    (c) => c.member.declared.disabilityGrade === null && !holdsValidCertificate(context, draft, c),
    (c) => {
      addCertificate(context, draft, c.person, randomGrade(context), 'valid');
      plant(draft, c.member.idNumber, 'disability', 'undeclared');
    },
  );

/** A declared grade with no certificate valid on the declaration date. */
export const expiredDisability: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'disability',
    (c) => c.member.declared.disabilityGrade === null && !holdsValidCertificate(context, draft, c),
    (c) => {
      const grade = randomGrade(context);
      if (context.random.chance(0.6)) addCertificate(context, draft, c.person, grade, 'expired');
      c.member.declared.disabilityGrade = grade;
      plant(draft, c.member.idNumber, 'disability', 'not-found');
    },
  );

function marriageRowsOf(draft: FamilyDraft, person: Person) {
  return draft.records.marriage.records.filter(
    (row) => filedUnder(row.man, person.idNumber) || filedUnder(row.woman, person.idNumber),
  );
}

/** Declared single, of marrying age, and without a single marriage record. */
function neverRegistered(draft: FamilyDraft, c: Candidate): boolean {
  const single = c.member.declared.maritalStatus === 'single';
  return single && c.age >= 25 && marriageRowsOf(draft, c.person).length === 0;
}

/** A new partner for a member, born near them; the partner is no member. */
function outsidePartner(context: GeneratorContext, draft: FamilyDraft, c: Candidate): Person {
  const partner = new FamilyComposition(context, draft.county).partnerOf(c.person);
  draft.people.set(partner.idNumber, partner);
  return partner;
}

function coupleRow(type: 'MARRIAGE' | 'DIVORCE', on: string, a: Person, b: Person) {
  return a.sex === 'male' ? marriageRow(type, on, a, b) : marriageRow(type, on, b, a);
}

/** Declared single, but the register shows a marriage that ended in divorce. */
export const hiddenDivorce: Plant = (context, draft) =>
  plantOnMember(context, draft, 'marriage', (c) => neverRegistered(draft, c), (c) => {
    const partner = outsidePartner(context, draft, c);
    const marriedOn = new FamilyComposition(context, draft.county).marriageDate(c.person, partner);
    const latest = addDays(context.calendar.declaredOn, -200);
    const divorcedOn = randomDate(context.random, addYears(marriedOn, 1), latest);
    draft.records.marriage.records.push(coupleRow('MARRIAGE', marriedOn, c.person, partner));
    draft.records.marriage.records.push(coupleRow('DIVORCE', divorcedOn, c.person, partner));
    plant(draft, c.member.idNumber, 'marital-status', 'mismatch');
  });

/** Declared divorced, but remarried since: the new spouse is not declared either. */
export const remarriage: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'marriage',
    (c) =>
      c.member.declared.maritalStatus === 'divorced' &&
      marriageRowsOf(draft, c.person).some((row) => row.type === 'DIVORCE'),
    (c) => {
      const divorces = marriageRowsOf(draft, c.person).filter((row) => row.type === 'DIVORCE');
      const divorcedOn = divorces.map((row) => row.registeredOn).sort().at(-1) ?? '2000-01-01';
      const partner = outsidePartner(context, draft, c);
      const latest = addDays(context.calendar.declaredOn, -30);
      const marriedOn = randomDate(context.random, addDays(divorcedOn, 180), latest);
      draft.records.marriage.records.push(coupleRow('MARRIAGE', marriedOn, c.person, partner));
      plant(draft, c.member.idNumber, 'marital-status', 'mismatch');
      plant(draft, partner.idNumber, 'spouse', 'member-undeclared');
    },
  );

/** A status declared as divorced or married that no record of the register supports. */
export const unregisteredStatus: Plant = (context, draft) =>
  plantOnMember(context, draft, 'marriage', (c) => neverRegistered(draft, c), (c) => {
    c.member.declared.maritalStatus = context.random.chance(0.6) ? 'divorced' : 'married';
    plant(draft, c.member.idNumber, 'marital-status', 'not-found');
  });

/** Declared married, with a spouse who lives and works elsewhere and is not declared. */
export const absentSpouse: Plant = (context, draft) =>
  plantOnMember(context, draft, 'marriage', (c) => neverRegistered(draft, c), (c) => {
    const partner = outsidePartner(context, draft, c);
    const marriedOn = new FamilyComposition(context, draft.county).marriageDate(c.person, partner);
    draft.records.marriage.records.push(coupleRow('MARRIAGE', marriedOn, c.person, partner));
    c.member.declared.maritalStatus = 'married';
    plant(draft, partner.idNumber, 'spouse', 'member-undeclared');
  });
