import type { DeclaredMember } from '../domain/declared-family.js';
import { normaliseIdentityNumber } from '../domain/identity-number.js';
import { ageOn } from './calendar.js';
import type { Person } from './dataset-types.js';
import {
  claim,
  isClaimed,
  personOf,
  type FamilyDraft,
  type GeneratorContext,
} from './family-draft.js';

/** A declared member together with the person behind the declaration. */
export interface Candidate {
  member: DeclaredMember;
  person: Person;
  age: number;
}

/** One way to plant a discrepancy; false when the family offers no place for it. */
export type Plant = (context: GeneratorContext, draft: FamilyDraft) => boolean;

export function candidatesOf(context: GeneratorContext, draft: FamilyDraft): Candidate[] {
  return draft.family.members.map((member) => {
    const person = personOf(draft, member);
    return { member, person, age: ageOn(person.birthOn, context.calendar.declaredOn) };
  });
}

/**
 * Picks a member that fits and whose `area` no other plant touched, claims
 * the area and applies the change. Whether the change plants anything is up
 * to `apply`, which records what it planted.
 */
export function plantOnMember(
  context: GeneratorContext,
  draft: FamilyDraft,
  area: string,
  fits: (candidate: Candidate) => boolean,
  apply: (candidate: Candidate) => void,
): boolean {
  const open = candidatesOf(context, draft).filter(
    (candidate) => !isClaimed(draft, candidate.member.idNumber, area) && fits(candidate),
  );
  if (open.length === 0) return false;

  const chosen = context.random.pick(open);
  claim(draft, chosen.member.idNumber, area);
  apply(chosen);
  return true;
}

/** True when a record filed under `filedId` (18 or 15 digits) belongs to the identity number. */
export function filedUnder(filedId: string, idNumber: string): boolean {
  return filedId === idNumber || normaliseIdentityNumber(filedId) === idNumber;
}
