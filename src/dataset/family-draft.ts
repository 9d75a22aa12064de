import type { DivisionIndex } from '../divisions/division-index.js';
import type { DeclaredFamily, DeclaredMember } from '../domain/declared-family.js';
import type { DatasetCalendar } from './calendar.js';
import type { DepartmentRecordSets, Person, PlantedDiscrepancy } from './dataset-types.js';
import type { PeopleSource } from './people.js';
import type { Places } from './places.js';

/** What every family of one data set is generated from. */
export interface GeneratorContext extends PeopleSource {
  calendar: DatasetCalendar;
  divisions: DivisionIndex;
  places: Places;
}

/**
 * A family while it is being built: the declaration, the records of its own
 * people, and the discrepancies planted so far. `claims` keeps two planted
 * discrepancies from touching the same member and item, where one would hide
 * or alter the other.
 */
export interface FamilyDraft {
  family: DeclaredFamily;
  records: DepartmentRecordSets;
  /** Members and the relatives the records mention (late or former spouses, co-owners). */
  people: Map<string, Person>;
  planted: PlantedDiscrepancy[];
  claims: Set<string>;
  village: string;
  county: string;
}

export function emptyRecordSets(): DepartmentRecordSets {
  return {
    'social-security': { payments: [] },
    housing: { properties: [], subsidies: [] },
    'public-security': { households: [], vehicles: [], deaths: [] },
    'provident-fund': { rows: [] },
    'state-tax': { businesses: [] },
    'local-tax': { wageTax: [], deedTax: [] },
    disability: { rows: [] },
    marriage: { records: [] },
  };
}

export function personOf(draft: FamilyDraft, member: DeclaredMember): Person {
  const person = draft.people.get(member.idNumber);
  if (!person) throw new Error('a declared member has no person behind it');
  return person;
}

export function applicantOf(draft: FamilyDraft): Person {
  const applicant = draft.family.members.find((member) => member.relation === 'applicant');
  if (!applicant) throw new Error('a family has no applicant');
  return personOf(draft, applicant);
}

/** Claims an area of the family (per member, or the whole family for `null`) for one plant. */
export function claim(draft: FamilyDraft, member: string | null, area: string): boolean {
  const key = `${member ?? 'family'}:${area}`;
  if (draft.claims.has(key)) return false;
  draft.claims.add(key);
  return true;
}

export function isClaimed(draft: FamilyDraft, member: string | null, area: string): boolean {
  return draft.claims.has(`${member ?? 'family'}:${area}`);
}

export function plant(
  draft: FamilyDraft,
  member: string | null,
  item: string,
  kind: PlantedDiscrepancy['kind'],
): void {
  draft.planted.push({ reference: draft.family.reference, member, item, kind });
}

/** CNY as departments hand it over: a decimal string with two places. */
export function moneyString(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** CNY as a declared amount: a number with at most two decimals. */
export function moneyNumber(fen: number): number {
  return Math.round(fen) / 100;
}
