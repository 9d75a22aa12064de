import type { Kysely } from 'kysely';

import type { AnyDepartment } from '../../connectors/contract.js';
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

/** Thrown when a lookup runs before the department it waits for has ended; retried. */
export class RelatedLookupOpenError extends Error {
  constructor(readonly waitingFor: string) {
    super(`waiting for ${waitingFor} to answer`);
    this.name = 'RelatedLookupOpenError';
  }
}

/**
 * Who to ask a department about: the declared members, and for a department
 * that also asks about related persons, those the other department named.
 * A department given up on names nobody.
 */
export async function personsToAsk(
  db: Kysely<Database>,
  checkId: string,
  department: AnyDepartment,
  members: readonly string[],
): Promise<string[]> {
  const related = department.alsoAsksAbout;
  if (!related) return [...members];

  const lookup = await db
    .selectFrom('department_lookups as l')
    .leftJoin('department_answers as a', (join) =>
      join.onRef('a.check_id', '=', 'l.check_id').onRef('a.department', '=', 'l.department'),
    )
    .select(['l.state', 'a.records'])
    .where('l.check_id', '=', checkId)
    .where('l.department', '=', related.department)
    .executeTakeFirst();
  if (lookup && (lookup.state === 'pending' || lookup.state === 'running')) {
    throw new RelatedLookupOpenError(related.department);
  }

  const named = lookup?.records ? related.persons(lookup.records) : [];
  return [...new Set([...members, ...named.map(normaliseIdentityNumber)])];
}
