import type { DeclaredFamily } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import { normalisePlate } from '../../src/domain/plate.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import type {
  PublicSecurityRecords,
  RecordedDeath,
  RegisteredHousehold,
  RegisteredVehicle,
} from './public-security.records.js';

/** Vehicle statuses that mean the vehicle is no longer owned: cancelled, forced off, scrapped. */
const NOT_OWNED_STATUSES = new Set(['E', 'M', 'P']);

/** Vehicles, household registration and deaths of the declared family. */
export function evaluatePublicSecurity(input: EvaluationInput<PublicSecurityRecords>): Finding[] {
  const { family, records } = input;

  return [
    ...checkVehicles(family, records.vehicles),
    ...checkHousehold(family, records.households, records.deaths),
    ...checkDeaths(family, records.deaths),
  ];
}

/**
 * The family's plates on both sides are compared as sets: a car declared
 * under one member and registered to another still counts as declared.
 */
function checkVehicles(family: DeclaredFamily, vehicles: readonly RegisteredVehicle[]): Finding[] {
  const owned = ownedPlates(family, vehicles);
  const declared = new Map(family.assets.vehicles.map((v) => [normalisePlate(v.plate), v]));

  const undeclared = [...owned]
    .filter(([plate]) => !declared.has(plate))
    .map(([plate, owner]): Finding => ({
      member: owner,
      item: 'vehicle',
      kind: 'undeclared',
      declared: null,
      found: plate,
    }));
  const notFound = [...declared]
    .filter(([plate]) => !owned.has(plate))
    .map(([plate, v]): Finding => ({
      member: v.ownerIdNumber,
      item: 'vehicle',
      kind: 'not-found',
      declared: plate,
      found: null,
    }));
  return [...undeclared, ...notFound];
}

/** Normalised plates of the vehicles members own on the declaration day, with their owner. */
function ownedPlates(
  family: DeclaredFamily,
  vehicles: readonly RegisteredVehicle[],
): Map<string, string> {
  const members = new Set(family.members.map((m) => m.idNumber));
  const owned = new Map<string, string>();

  for (const vehicle of vehicles) {
    const owner = normaliseIdentityNumber(vehicle.ownerIdNumber);
    const plate = normalisePlate(vehicle.plate);
    if (members.has(owner) && isOwnedOn(vehicle, family.declaredOn) && !owned.has(plate)) {
      owned.set(plate, owner);
    }
  }
  return owned;
}

function isOwnedOn(vehicle: RegisteredVehicle, declaredOn: string): boolean {
  if (vehicle.registeredOn > declaredOn) return false;

  return !NOT_OWNED_STATUSES.has(vehicle.status.toUpperCase());
}

/**
 * The applicant's household is the reference: declared members belong in it,
 * and the living people in it belong in the declaration.
 */
function checkHousehold(
  family: DeclaredFamily,
  households: readonly RegisteredHousehold[],
  deaths: readonly RecordedDeath[],
): Finding[] {
  const applicant = family.members.find((m) => m.relation === 'applicant')?.idNumber;
  const registered = households
    .map((h) => new Set(h.members.map((m) => normaliseIdentityNumber(m.idNumber))))
    .find((people) => applicant !== undefined && people.has(applicant));
  const declared = new Set(family.members.map((m) => m.idNumber));

  const notRegistered = family.members
    .filter((m) => !registered?.has(m.idNumber))
    .map((m) => householdFinding(m.idNumber, 'member-not-registered'));
  if (!registered) return notRegistered;

  const dead = deadOnOrBefore(deaths, family.declaredOn);
  const undeclared = [...registered]
    .filter((person) => !declared.has(person) && !dead.has(person))
    .map((person) => householdFinding(person, 'member-undeclared'));
  return [...notRegistered, ...undeclared];
}

function householdFinding(
  member: string,
  kind: 'member-not-registered' | 'member-undeclared',
): Finding {
  return { member, item: 'household-registration', kind, declared: null, found: null };
}

/** A declared member whose death is recorded on or before the declaration. */
function checkDeaths(family: DeclaredFamily, deaths: readonly RecordedDeath[]): Finding[] {
  const dead = deadOnOrBefore(deaths, family.declaredOn);

  return family.members.flatMap((m): Finding[] => {
    const diedOn = dead.get(m.idNumber);
    if (diedOn === undefined) return [];
    return [{ member: m.idNumber, item: 'death', kind: 'deceased', declared: null, found: diedOn }];
  });
}

/**
 * The people whose death is recorded on or before a date, with the earliest
 * such date. Exported because the marital-status rule needs the same answer.
 */
export function deadOnOrBefore(
  deaths: readonly RecordedDeath[],
  date: string,
): Map<string, string> {
  const dead = new Map<string, string>();
  for (const death of deaths) {
    const person = normaliseIdentityNumber(death.idNumber);
    const known = dead.get(person);
    if (death.diedOn <= date && (known === undefined || death.diedOn < known)) {
      dead.set(person, death.diedOn);
    }
  }
  return dead;
}
