import type { Kysely } from 'kysely';

import type { AnyDepartment } from '../../connectors/contract.js';
import {
  type LookupEnd,
  closeAnsweredAhead,
  findAnswersAhead,
  findLookupEnds,
  findMemberIdNumbers,
} from '../checks/lookup-group.repository.js';
import type { Database } from '../db/schema.js';
import { normaliseIdentityNumber } from '../domain/identity-number.js';
import type { Lane } from './queues.js';

/** Departments whose question needs no other department's answer. */
export function independentDepartments(departments: readonly AnyDepartment[]): AnyDepartment[] {
  return departments.filter((d) => !d.alsoAsksAbout);
}

/**
 * Departments queued as soon as a check is accepted. In the urgent lane,
 * every one: a department that also asks about related persons is asked
 * ahead about the declared members, so that a family with nobody else named
 * waits for one round of answers, not two. In the bulk lane, where nobody
 * waits at a desk, such a department waits for the other and is asked once.
 */
export function departmentsToStart(
  departments: readonly AnyDepartment[],
  lane: Lane,
): AnyDepartment[] {
  return lane === 'urgent' ? [...departments] : independentDepartments(departments);
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

/** Whom a check's question is about. */
export interface CheckPersons {
  /** The declared members. */
  declared: ReadonlySet<string>;
  /** The declared members and everyone the other department named. */
  all: ReadonlySet<string>;
}

/**
 * Who to ask a department about, check by check: the declared members, and
 * for a department that also asks about related persons, those the other
 * department named. A department given up on, or not ended, names nobody.
 */
export async function personsOfChecks(
  db: Kysely<Database>,
  department: AnyDepartment,
  checkIds: readonly string[],
  relatedEnds: ReadonlyMap<string, LookupEnd>,
): Promise<Map<string, CheckPersons>> {
  const members = await findMemberIdNumbers(db, checkIds);
  const related = department.alsoAsksAbout;

  const persons = new Map<string, CheckPersons>();
  for (const checkId of checkIds) {
    const declared = new Set(members.get(checkId) ?? []);
    const records: unknown = relatedEnds.get(checkId)?.records;
    const named = related && records ? related.persons(records) : [];
    persons.set(checkId, {
      declared,
      all: new Set([...declared, ...named.map(normaliseIdentityNumber)]),
    });
  }
  return persons;
}

/**
 * Of checks whose other department has ended, those whose answer given
 * ahead stands: that department named nobody beyond the declared members.
 */
export function standingAnswersAhead(
  checkIds: readonly string[],
  ahead: ReadonlyMap<string, unknown>,
  persons: ReadonlyMap<string, CheckPersons>,
): string[] {
  return checkIds.filter((id) => {
    const of = persons.get(id);
    return ahead.has(id) && of !== undefined && of.all.size === of.declared.size;
  });
}

/**
 * Once the department `waiting` also asks about has ended for the checks,
 * closes `waiting`'s lookups whose answer given ahead stands because nobody
 * else was named, in the caller's transaction. Returns the checks closed;
 * the others still need `waiting` asked.
 */
export async function settleAnswersAhead(
  trx: Kysely<Database>,
  waiting: AnyDepartment,
  checkIds: readonly string[],
): Promise<string[]> {
  const ahead = await findAnswersAhead(trx, checkIds, waiting.name);
  if (ahead.size === 0) return [];
  const withAhead = checkIds.filter((id) => ahead.has(id));
  const ends = await relatedLookupEnds(trx, waiting, withAhead);
  const ended = checksReadyToAsk(waiting, withAhead, ends);
  const persons = await personsOfChecks(trx, waiting, ended, ends);
  const settled = standingAnswersAhead(ended, ahead, persons);
  await closeAnsweredAhead(trx, settled, waiting.name);
  return settled;
}
