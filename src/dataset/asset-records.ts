import type { HousingProperty } from '../../connectors/housing/housing.records.js';
import { addDays, addYears, randomDate } from './calendar.js';
import type { Person } from './dataset-types.js';
import { moneyString, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import { filedId } from './people.js';
import type { Plate } from './places.js';

const VEHICLE_TYPES = ['K33', 'K33', 'K33', 'K31', 'K32', 'H31'];

export interface PropertySpec {
  owners: Person[];
  registeredOn: string;
  status: HousingProperty['status'];
  /** Who declares it; null leaves it undeclared. */
  declaredBy: Person | null;
  /** Whether the buyer's deed tax shows in the local tax records. */
  deedTax: boolean;
}

/**
 * A floor area no other property of the family comes within 3 m² of, so that
 * the one-to-one matching of declared and registered properties has a single
 * answer.
 */
export function freshFloorArea(context: GeneratorContext, draft: FamilyDraft): number {
  const taken = [
    ...draft.records.housing.properties.map((p) => Number(p.floorArea)),
    ...draft.family.assets.realEstate.map((r) => r.floorAreaM2),
  ];
  for (;;) {
    const area = context.random.int(3000, 14_000) / 100;
    if (taken.every((other) => Math.abs(other - area) > 3)) return area;
  }
}

export function addProperty(
  context: GeneratorContext,
  draft: FamilyDraft,
  spec: PropertySpec,
): HousingProperty {
  const { random } = context;
  const area = freshFloorArea(context, draft);
  const location = random.chance(0.85) ? draft.county : context.places.birthCounty(draft.county);
  const property: HousingProperty = {
    certificateNo: context.places.nextCertificateNo(location, spec.registeredOn.slice(0, 4)),
    owners: spec.owners.map((owner) => filedId(owner, 'housing')),
    floorArea: area.toFixed(2),
    location,
    status: spec.status,
    registeredOn: spec.registeredOn,
  };
  draft.records.housing.properties.push(property);

  if (spec.declaredBy) declareProperty(context, draft, spec.declaredBy, area);
  if (spec.deedTax) addDeedTax(context, draft, spec.owners[0], spec.registeredOn, area, location);
  return property;
}

/** Declares a property the way families write areas: rounded, within half a square metre. */
export function declareProperty(
  context: GeneratorContext,
  draft: FamilyDraft,
  owner: Person,
  area: number,
): void {
  const rounded = context.random.chance(0.5) ? Math.round(area) : Math.round(area * 10) / 10;
  draft.family.assets.realEstate.push({ ownerIdNumber: owner.idNumber, floorAreaM2: rounded });
}

function addDeedTax(
  context: GeneratorContext,
  draft: FamilyDraft,
  buyer: Person | undefined,
  paidOn: string,
  area: number,
  location: string,
): void {
  if (!buyer) return;
  const priceFen = context.random.int(6000, 16_000) * 100;
  draft.records['local-tax'].deedTax.push({
    idNumber: filedId(buyer, 'local-tax'),
    paidOn,
    amount: moneyString(Math.round(area * priceFen * 0.015)),
    location,
  });
}

/** A registration date safely before the past year, so no deed tax raises a notice. */
export function settledDate(context: GeneratorContext, from: string): string {
  return randomDate(context.random, from, addYears(context.calendar.pastYearStart, -1));
}

export interface VehicleSpec {
  owner: Person;
  status: string;
  registeredOn: string;
}

export function addVehicle(
  context: GeneratorContext,
  draft: FamilyDraft,
  spec: VehicleSpec,
): Plate {
  const newEnergy = spec.registeredOn >= '2018-01-01' && context.random.chance(0.4);
  const plate = context.places.newPlate(draft.county, newEnergy);
  draft.records['public-security'].vehicles.push({
    plate: plate.filed,
    ownerIdNumber: filedId(spec.owner, 'public-security'),
    vehicleType: context.random.pick(VEHICLE_TYPES),
    status: spec.status,
    registeredOn: spec.registeredOn,
  });
  return plate;
}

/** A plate as a family writes it: with or without the dot, now and then with a dash. */
export function declaredPlate(context: GeneratorContext, plate: Plate): string {
  const prefix = plate.bare.slice(0, 2);
  const tail = plate.bare.slice(2);
  return context.random.weighted([
    [plate.filed, 4],
    [plate.bare, 3],
    [`${prefix}·${tail}`, 2],
    [`${prefix}-${tail}`, 1],
  ] as const);
}

export interface SubsidySpec {
  holder: Person;
  startOn: string;
  endOn: string | null;
}

export function addSubsidy(context: GeneratorContext, draft: FamilyDraft, spec: SubsidySpec) {
  const { random } = context;
  draft.records.housing.subsidies.push({
    idNumber: filedId(spec.holder, 'housing'),
    scheme: random.chance(0.5) ? 'PUBLIC_RENTAL' : 'RENT_SUBSIDY',
    monthlyAmount: moneyString(random.int(20, 60) * 1000),
    startOn: spec.startOn,
    endOn: spec.endOn,
  });
}

/** A subsidy running on the declaration date. */
export function runningSubsidy(context: GeneratorContext, holder: Person): SubsidySpec {
  const { random, calendar } = context;
  const startOn = randomDate(random, '2019-01-01', addDays(calendar.declaredOn, -90));
  const endYear = Number(calendar.declaredOn.slice(0, 4)) + random.int(1, 3);
  return { holder, startOn, endOn: random.chance(0.6) ? null : `${endYear}-12-31` };
}

/** A subsidy that ended months before the declaration date. */
export function endedSubsidy(context: GeneratorContext, holder: Person): SubsidySpec {
  const { random, calendar } = context;
  const startOn = randomDate(random, '2017-01-01', '2022-12-31');
  const endOn = randomDate(random, addYears(startOn, 1), addDays(calendar.declaredOn, -150));
  return { holder, startOn, endOn };
}
