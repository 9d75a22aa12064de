import { addDays, addYears, randomDate } from './calendar.js';
import type { Person } from './dataset-types.js';
import { personOf, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import { filedId } from './people.js';

export type Grade = 1 | 2 | 3 | 4;

/** Certificates are reviewed every ten years; some carry no end date at all. */
const VALID_YEARS = 10;

/** Certificates valid on the declaration date, declared with their grade. */
export function addDisabilities(context: GeneratorContext, draft: FamilyDraft): void {
  const { random } = context;
  for (const member of draft.family.members) {
    const person = personOf(draft, member);
    if (random.chance(0.05)) {
      const grade = randomGrade(context);
      addCertificate(context, draft, person, grade, 'valid');
      member.declared.disabilityGrade = grade;
    } else if (random.chance(0.02)) {
      addCertificate(context, draft, person, randomGrade(context), 'expired');
    }
  }
}

export function randomGrade(context: GeneratorContext): Grade {
  return context.random.weighted([[1, 1], [2, 2], [3, 3], [4, 4]] as const);
}

/**
 * A certificate that is valid on the declaration date, or one that ran out
 * over a year ago. Only someone born more than twelve years ago can hold an
 * expired one; false when no certificate was added.
 */
export function addCertificate(
  context: GeneratorContext,
  draft: FamilyDraft,
  person: Person,
  grade: number,
  state: 'valid' | 'expired',
): boolean {
  const { random, calendar } = context;
  if (state === 'expired' && person.birthOn > addYears(calendar.declaredOn, -12)) return false;
  const earliest = [person.birthOn, addYears(calendar.declaredOn, -16)].sort().at(-1) ?? '';
  const issuedOn =
    state === 'valid'
      ? randomDate(random, addYears(calendar.declaredOn, -9), addDays(calendar.declaredOn, -90))
      : randomDate(random, earliest, addYears(calendar.declaredOn, -11));
  const permanent = state === 'valid' && random.chance(0.3);
  const category = random.int(1, 7);

  draft.records.disability.rows.push({
    id_no: filedId(person, 'disability'),
    cert_no: `${person.idNumber}${category}${grade}`,
    category,
    grade,
    issued_on: issuedOn < person.birthOn ? person.birthOn : issuedOn,
    valid_until: permanent ? null : addDays(addYears(issuedOn, VALID_YEARS), -1),
  });
  return true;
}
