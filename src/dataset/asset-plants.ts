import { addDays, randomDate } from './calendar.js';
import {
  addProperty,
  addSubsidy,
  addVehicle,
  declareProperty,
  declaredPlate,
  endedSubsidy,
  freshFloorArea,
  runningSubsidy,
  settledDate,
} from './asset-records.js';
import { relativeOutside } from './family-assets.js';
import { claim, plant, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import {
  candidatesOf,
  filedUnder,
  plantOnMember,
  type Candidate,
  type Plant,
} from './plant-helpers.js';

const isAdult = (c: Candidate): boolean => c.age >= 20;

/** A flat (now and then shared with a relative outside the family) left out of the declaration. */
export const undeclaredProperty: Plant = (context, draft) =>
  plantOnMember(context, draft, 'property', isAdult, (c) => {
    const coOwner = context.random.chance(0.3) ? [relativeOutside(context, draft, c.person)] : [];
    addProperty(context, draft, {
      owners: [...coOwner, c.person],
      registeredOn: settledDate(context, '2003-01-01'),
      status: 'REGISTERED',
      declaredBy: null,
      deedTax: false,
    });
    plant(draft, c.member.idNumber, 'real-estate', 'undeclared');
  });

/** A declared flat that was sold (its registration cancelled) or never registered. */
export const vanishedProperty: Plant = (context, draft) =>
  plantOnMember(context, draft, 'property', isAdult, (c) => {
    const owner = c.person.idNumber;
    const declared = draft.family.assets.realEstate.find((r) => r.ownerIdNumber === owner);
    const registered = draft.records.housing.properties.find(
      (p) =>
        p.status === 'REGISTERED' &&
        declared !== undefined &&
        p.owners.some((filed) => filedUnder(filed, owner)) &&
        Math.abs(Number(p.floorArea) - declared.floorAreaM2) <= 1,
    );
    if (registered) registered.status = 'CANCELLED';
    else declareProperty(context, draft, c.person, freshFloorArea(context, draft));
    plant(draft, c.member.idNumber, 'real-estate', 'not-found');
  });

/**
 * A purchase in the past year: the deed tax raises a notice. Most buyers
 * declare the new flat; some do not, which the real-estate item reports too.
 */
export const recentPurchase: Plant = (context, draft) =>
  plantOnMember(context, draft, 'property', isAdult, (c) => {
    const { random, calendar } = context;
    const paidOn = randomDate(random, calendar.pastYearStart, calendar.declaredOn);
    const declares = random.chance(0.8);
    addProperty(context, draft, {
      owners: [c.person],
      registeredOn: paidOn,
      status: 'REGISTERED',
      declaredBy: declares ? c.person : null,
      deedTax: true,
    });
    plant(draft, c.member.idNumber, 'property-transaction', 'notice');
    if (!declares) plant(draft, c.member.idNumber, 'real-estate', 'undeclared');
  });

function runningSubsidyHeld(context: GeneratorContext, draft: FamilyDraft): boolean {
  const { declaredOn } = context.calendar;
  return draft.records.housing.subsidies.some(
    (s) => s.startOn <= declaredOn && (s.endOn === null || s.endOn >= declaredOn),
  );
}

function plantOnFamilySubsidy(
  context: GeneratorContext,
  draft: FamilyDraft,
  apply: () => void,
): boolean {
  if (draft.family.assets.housingSubsidy || runningSubsidyHeld(context, draft)) return false;
  if (!claim(draft, null, 'subsidy')) return false;
  apply();
  return true;
}

/** A rent subsidy or public rental running now that the family did not declare. */
export const undeclaredSubsidy: Plant = (context, draft) =>
  plantOnFamilySubsidy(context, draft, () => {
    const adults = candidatesOf(context, draft).filter(isAdult);
    const holder = context.random.pick(adults.length > 0 ? adults : candidatesOf(context, draft));
    addSubsidy(context, draft, runningSubsidy(context, holder.person));
    plant(draft, holder.member.idNumber, 'housing-subsidy', 'undeclared');
  });

/** A housing subsidy declared though none runs (at most an ended one is on record). */
export const endedSubsidyDeclared: Plant = (context, draft) =>
  plantOnFamilySubsidy(context, draft, () => {
    const holder = context.random.pick(candidatesOf(context, draft));
    if (context.random.chance(0.5)) {
      addSubsidy(context, draft, endedSubsidy(context, holder.person));
    }
    draft.family.assets.housingSubsidy = true;
    plant(draft, null, 'housing-subsidy', 'not-found');
  });

/** A car on the register, owned now, that the family did not declare. */
export const undeclaredVehicle: Plant = (context, draft) =>
  plantOnMember(context, draft, 'vehicle', isAdult, (c) => {
    const latest = addDays(context.calendar.declaredOn, -10);
    const registeredOn = randomDate(context.random, '2012-01-01', latest);
    addVehicle(context, draft, { owner: c.person, status: 'A', registeredOn });
    plant(draft, c.member.idNumber, 'vehicle', 'undeclared');
  });

/** A declared car that was scrapped, or whose plate is on no register. */
export const scrappedVehicle: Plant = (context, draft) =>
  plantOnMember(context, draft, 'vehicle', isAdult, (c) => {
    const { random, places } = context;
    const scrapped = random.chance(0.5);
    const registeredOn = randomDate(random, '2005-01-01', '2016-12-31');
    const plate = scrapped
      ? addVehicle(context, draft, { owner: c.person, status: 'P', registeredOn })
      : places.newPlate(draft.county, false);
    const declared = declaredPlate(context, plate);
    draft.family.assets.vehicles.push({ ownerIdNumber: c.person.idNumber, plate: declared });
    plant(draft, c.member.idNumber, 'vehicle', 'not-found');
  });
