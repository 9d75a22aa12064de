import type { Kysely } from 'kysely';

import type { AnyDepartment } from '../../connectors/contract.js';
import {
  type LookupEnd,
  findLookupEnds,
  findMemberIdNumbers,
} from '../checks/lookup-group.repository.js';
import type { Database } from '../db/schema.js';
import { normaliseIdentityNumber } from '../domain/identity-number.js';

/** Departments asked as soon as a check is accepted: those that wait for no other. */
export function departmentsToStart(departments: readonly AnyDepartment[]): AnyDepartment[] {
  return departments.filter((d) => !d.alsoAsksAbout);
}

/** Departments whose lookup waits for `department` to answer or be given up on. */
export function departmentsWaitingFor(
  departments: readonly AnyDepartment[],
  department: string,
): AnyDepartment[] {
  return departments.filter((d) => d.alsoAsksAbout?.department === department);
}

/**
 * How the other department's lookups of the group ended, for a department
 * that also asks about the persons it names; an empty map for one that does
 * not.
 */
export async function relatedLookupEnds(
  db: Kysely<Database>,
  department: AnyDepartment,
  checkIds: readonly string[],
): Promise<Map<string, LookupEnd>> {
  const related = department.alsoAsksAbout;
  if (!related) return new Map();
  return findLookupEnds(db, checkIds, related.department);
}

/**
 * Of a group, the checks a department may be asked about now: all of them,
 * except, for a department that also asks about related persons, checks
 * whose other department has not ended yet. Those are queued again when it
 * ends.
 */
export function checksReadyToAsk(
  department: AnyDepartment,
  checkIds: readonly string[],
  relatedEnds: ReadonlyMap<string, LookupEnd>,
): string[] {
  if (!department.alsoAsksAbout) return [...checkIds];
  return checkIds.filter((id) => {
    const end = relatedEnds.get(id);
    return !end || (end.state !== 'pending' && end.state !== 'running');
  });
}

/**
 * Who to ask a department about, check by check: the declared members, and
 * for a department that also asks about related persons, those the other
 * department named. A department given up on names nobody.
 */
export async function personsOfChecks(
  db: Kysely<Database>,
  department: AnyDepartment,
  checkIds: readonly string[],
  relatedEnds: ReadonlyMap<string, LookupEnd>,
): Promise<Map<string, Set<string>>> {
  const members = await findMemberIdNumbers(db, checkIds);
  const related = department.alsoAsksAbout;

  const persons = new Map<string, Set<string>>();
  for (const checkId of checkIds) {
    const declared = members.get(checkId) ?? [];
    const records: unknown = relatedEnds.get(checkId)?.records;
    const named = related && records ? related.persons(records) : [];
    persons.set(checkId, new Set([...declared, ...named.map(normaliseIdentityNumber)]));
  }
  return persons;
}
