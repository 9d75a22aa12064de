import type { DeclaredFamily } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import type { HousingProperty, HousingRecords, HousingSubsidy } from './housing.records.js';

/** Floor areas are compared in hundredths of a square metre, as integers. */
const AREA_TOLERANCE = 100;

/** A property the register holds for the family, held by its first owner who is a member. */
interface FoundProperty {
  certificateNo: string;
  owners: ReadonlySet<string>;
  holder: string;
  area: number;
}

type DeclaredProperty = DeclaredFamily['assets']['realEstate'][number];

/** Real estate and housing subsidies of the declared family. */
export function evaluateHousing(input: EvaluationInput<HousingRecords>): Finding[] {
  const { family, records } = input;
  const members = new Set(family.members.map((m) => m.idNumber));

  return [
    ...checkRealEstate(family, records.properties, members),
    ...checkSubsidies(family, records.subsidies, members),
  ];
}

function checkRealEstate(
  family: DeclaredFamily,
  properties: readonly HousingProperty[],
  members: ReadonlySet<string>,
): Finding[] {
  const found = properties.flatMap((p) => toFoundProperty(p, members, family.declaredOn));
  const declared = family.assets.realEstate;
  const matches = matchProperties(declared, found);
  const matchedDeclared = new Set(matches.values());

  const undeclared = found
    .filter((_, index) => !matches.has(index))
    .map((p): Finding => ({
      member: p.holder,
      item: 'real-estate',
      kind: 'undeclared',
      declared: null,
      found: p.certificateNo,
    }));
  const notFound = declared
    .filter((_, index) => !matchedDeclared.has(index))
    .map((d): Finding => ({
      member: d.ownerIdNumber,
      item: 'real-estate',
      kind: 'not-found',
      declared: d.floorAreaM2,
      found: null,
    }));
  return [...undeclared, ...notFound];
}

/**
 * A registered property, registered on or before the declaration, counts
 * for the family when a member is among its owners. It is reported under the
 * first such owner so that a co-owned flat is listed once.
 */
function toFoundProperty(
  property: HousingProperty,
  members: ReadonlySet<string>,
  declaredOn: string,
): FoundProperty[] {
  if (property.status !== 'REGISTERED' || property.registeredOn > declaredOn) return [];

  const owners = property.owners.map(normaliseIdentityNumber);
  const holder = owners.find((owner) => members.has(owner));
  if (holder === undefined) return [];

  const area = hundredths(Number(property.floorArea));
  return [{ certificateNo: property.certificateNo, owners: new Set(owners), holder, area }];
}

/**
 * Pairs declared properties with found ones, one to one, and answers which
 * declared property (by index) each found property (by index) is paired
 * with. A pair needs the declared owner among the property's owners and
 * floor areas at most 1 m² apart. The pairing is a maximum one, found by
 * augmenting paths, so that the order of the lists never turns a possible
 * pairing into two discrepancies; each declared property tries the closest
 * areas first, so among equal pairings the closest fits win.
 */
function matchProperties(
  declared: readonly DeclaredProperty[],
  found: readonly FoundProperty[],
): Map<number, number> {
  const candidates = declared.map((d) => candidatesFor(d, found));
  const pairedWith = new Map<number, number>();

  const pair = (d: number, tried: Set<number>): boolean => {
    for (const f of candidates[d] ?? []) {
      if (tried.has(f)) continue;
      tried.add(f);
      const previous = pairedWith.get(f);
      if (previous === undefined || pair(previous, tried)) {
        pairedWith.set(f, d);
        return true;
      }
    }
    return false;
  };

  declared.forEach((_, d) => pair(d, new Set()));
  return pairedWith;
}

/** Indexes of the found properties a declared one may stand for, closest area first. */
function candidatesFor(declared: DeclaredProperty, found: readonly FoundProperty[]): number[] {
  const area = hundredths(declared.floorAreaM2);

  return found
    .map((property, index) => ({ property, index, gap: Math.abs(property.area - area) }))
    .filter((c) => c.property.owners.has(declared.ownerIdNumber) && c.gap <= AREA_TOLERANCE)
    .sort((a, b) => a.gap - b.gap || a.index - b.index)
    .map((c) => c.index);
}

/**
 * A subsidy running on the declaration day for a member contradicts a
 * declaration of none; a declared subsidy needs one running for any member.
 */
function checkSubsidies(
  family: DeclaredFamily,
  subsidies: readonly HousingSubsidy[],
  members: ReadonlySet<string>,
): Finding[] {
  const running = subsidies
    .map((s) => ({ ...s, idNumber: normaliseIdentityNumber(s.idNumber) }))
    .filter((s) => members.has(s.idNumber) && isRunningOn(s, family.declaredOn));

  if (family.assets.housingSubsidy) {
    if (running.length > 0) return [];
    return [
      { member: null, item: 'housing-subsidy', kind: 'not-found', declared: null, found: null },
    ];
  }

  return running.map((s) => ({
    member: s.idNumber,
    item: 'housing-subsidy',
    kind: 'undeclared',
    declared: null,
    found: s.scheme,
  }));
}

function isRunningOn(subsidy: HousingSubsidy, date: string): boolean {
  return subsidy.startOn <= date && (subsidy.endOn === null || subsidy.endOn >= date);
}

function hundredths(squareMetres: number): number {
  return Math.round(squareMetres * 100);
}
