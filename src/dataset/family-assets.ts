import { addDays, ageOn, randomDate } from './calendar.js';
import type { Person } from './dataset-types.js';
import {
  addProperty,
  addSubsidy,
  addVehicle,
  declaredPlate,
  endedSubsidy,
  runningSubsidy,
  settledDate,
} from './asset-records.js';
import { applicantOf, personOf, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import { createPerson } from './people.js';

/**
 * Homes, cars and housing subsidies, declared as the records show them, with
 * the harmless history a caseworker also sees: flats sold long ago, cars
 * scrapped, subsidies that ended.
 */
export function addAssets(context: GeneratorContext, draft: FamilyDraft): void {
  const adults = adultsOf(context, draft);
  if (adults.length === 0) return;

  addHomes(context, draft, adults);
  addCars(context, draft, adults);
  addSubsidies(context, draft);
}

/** Members of twenty and over, the applicant first. */
function adultsOf(context: GeneratorContext, draft: FamilyDraft): Person[] {
  return draft.family.members
    .map((member) => personOf(draft, member))
    .filter((person) => ageOn(person.birthOn, context.calendar.declaredOn) >= 20);
}

function addHomes(context: GeneratorContext, draft: FamilyDraft, adults: Person[]): void {
  const { random } = context;
  const [first, second] = adults;
  if (!first) return;

  if (random.chance(0.35)) addOwnHome(context, draft, adults, second);
  if (random.chance(0.05)) addSharedHome(context, draft, first);
  if (random.chance(0.06)) addSoldHome(context, draft, first);
}

/** The family's flat, held by one adult or by a couple together. */
function addOwnHome(
  context: GeneratorContext,
  draft: FamilyDraft,
  adults: Person[],
  partner: Person | undefined,
): void {
  const { random } = context;
  const [first] = adults;
  const owners = first && partner && random.chance(0.5) ? [first, partner] : [random.pick(adults)];
  addProperty(context, draft, {
    owners,
    registeredOn: settledDate(context, '1998-01-01'),
    status: 'REGISTERED',
    declaredBy: random.pick(owners),
    deedTax: random.chance(0.5),
  });
}

/** A flat inherited together with a relative outside the family, who is listed first. */
function addSharedHome(context: GeneratorContext, draft: FamilyDraft, member: Person): void {
  addProperty(context, draft, {
    owners: [relativeOutside(context, draft, member), member],
    registeredOn: settledDate(context, '2005-01-01'),
    status: 'REGISTERED',
    declaredBy: member,
    deedTax: false,
  });
}

/** A flat sold long ago: its registration is cancelled and nothing is declared. */
function addSoldHome(context: GeneratorContext, draft: FamilyDraft, member: Person): void {
  addProperty(context, draft, {
    owners: [member],
    registeredOn: settledDate(context, '1998-01-01'),
    status: 'CANCELLED',
    declaredBy: null,
    deedTax: false,
  });
}

/** A relative outside the family (a sibling, say) who co-owns a flat with a member. */
export function relativeOutside(
  context: GeneratorContext,
  draft: FamilyDraft,
  member: Person,
): Person {
  const age = ageOn(member.birthOn, context.calendar.declaredOn) + context.random.int(-8, 8);
  const from = `${Number(context.calendar.declaredOn.slice(0, 4)) - Math.max(age, 20) - 1}-01-01`;
  const birthOn = randomDate(context.random, from, addDays(from, 364));
  const county = context.places.birthCounty(draft.county);
  const sex = context.random.chance(0.5) ? 'male' : 'female';
  const relative = createPerson(context, { sex, birthOn, county });
  draft.people.set(relative.idNumber, relative);
  return relative;
}

function addCars(context: GeneratorContext, draft: FamilyDraft, adults: Person[]): void {
  const { random } = context;
  if (random.chance(0.12)) {
    const owner = random.pick(adults);
    const latest = addDays(context.calendar.declaredOn, -30);
    const registeredOn = randomDate(random, '2010-01-01', latest);
    const plate = addVehicle(context, draft, { owner, status: 'A', registeredOn });
    const declared = declaredPlate(context, plate);
    draft.family.assets.vehicles.push({ ownerIdNumber: owner.idNumber, plate: declared });
  }
  if (random.chance(0.05)) {
    const owner = random.pick(adults);
    const registeredOn = randomDate(random, '2003-01-01', '2016-12-31');
    addVehicle(context, draft, { owner, status: random.pick(['E', 'M', 'P']), registeredOn });
  }
}

function addSubsidies(context: GeneratorContext, draft: FamilyDraft): void {
  const { random } = context;
  const applicant = applicantOf(draft);
  if (random.chance(0.08)) {
    addSubsidy(context, draft, runningSubsidy(context, applicant));
    draft.family.assets.housingSubsidy = true;
  } else if (random.chance(0.05)) {
    addSubsidy(context, draft, endedSubsidy(context, applicant));
  }
}
