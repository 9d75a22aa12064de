import { checkCharacter, legacyFormOf } from '../domain/identity-number.js';
import { ageOn } from './calendar.js';
import { DEPARTMENT_NAMES, type DepartmentName, type Person, type Sex } from './dataset-types.js';
import { COMPOUND_SURNAMES, personName, pickSurname } from './person-names.js';
import type { Random } from './random.js';

/** Share of an older person's departments that still file the 15-digit number. */
const LEGACY_SHARE = 0.05;
/** From this age a person may have been registered before the 18-character form (1999). */
const LEGACY_MIN_AGE = 45;

/** Draws before giving up on a county and day whose sequences are all but used up. */
const MAX_DRAWS = 10_000;

/**
 * Hands out identity numbers no one else in the data set holds. The sequence
 * is odd for men and even for women, as the standard requires; a clash is
 * simply drawn again.
 */
export class IdentityRegistry {
  private readonly taken = new Set<string>();

  issue(random: Random, county: string, birthOn: string, sex: Sex): string {
    const born = birthOn.replaceAll('-', '');
    // 500 sequences per county, day and sex; far fewer are ever drawn, so a clash is rare.
    for (let attempt = 0; attempt < MAX_DRAWS; attempt += 1) {
      const step = random.int(sex === 'male' ? 0 : 1, 499);
      const sequence = String(sex === 'male' ? step * 2 + 1 : step * 2).padStart(3, '0');
      const first17 = county + born + sequence;
      const idNumber = first17 + checkCharacter(first17);
      if (!this.taken.has(idNumber)) {
        this.taken.add(idNumber);
        return idNumber;
      }
    }
    throw new RangeError(`no free identity number for ${county} ${birthOn}`);
  }
}

export interface PersonSpec {
  sex: Sex;
  birthOn: string;
  /** 6-digit county of first registration, the identity number's first digits. */
  county: string;
  /** Children take a parent's surname; everyone else draws one. */
  surname?: string;
}

export interface PeopleSource {
  random: Random;
  identities: IdentityRegistry;
  declaredOn: string;
}

export function createPerson(source: PeopleSource, spec: PersonSpec): Person {
  const { random } = source;
  const surname = spec.surname ?? pickSurname(random);
  const birthYear = Number(spec.birthOn.slice(0, 4));

  return {
    idNumber: source.identities.issue(random, spec.county, spec.birthOn, spec.sex),
    name: personName(random, surname, spec.sex, birthYear),
    sex: spec.sex,
    birthOn: spec.birthOn,
    legacyFiling: legacyFiling(random, spec.birthOn, source.declaredOn),
  };
}

/** The surname a name starts with (compound surnames are two characters). */
export function surnameOf(person: Person): string {
  const characters = [...person.name];
  const compound = characters.slice(0, 2).join('');
  return COMPOUND_SURNAMES.includes(compound) ? compound : (characters[0] ?? '');
}

/** The number a department files the person under: legacy 15 digits for some older people. */
export function filedId(person: Person, department: DepartmentName): string {
  const bit = 1 << DEPARTMENT_NAMES.indexOf(department);
  if ((person.legacyFiling & bit) === 0) return person.idNumber;
  return legacyFormOf(person.idNumber) ?? person.idNumber;
}

function legacyFiling(random: Random, birthOn: string, declaredOn: string): number {
  if (!birthOn.startsWith('19') || ageOn(birthOn, declaredOn) < LEGACY_MIN_AGE) return 0;
  let bits = 0;
  DEPARTMENT_NAMES.forEach((_, index) => {
    if (random.chance(LEGACY_SHARE)) bits |= 1 << index;
  });
  return bits;
}
