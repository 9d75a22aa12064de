import type { DeclaredMember } from '../domain/declared-family.js';
import type { MaritalStatus } from '../domain/vocabulary.js';
import { addDays, addYears, ageOn, randomDate } from './calendar.js';
import type { Person, Sex } from './dataset-types.js';
import type { GeneratorContext } from './family-draft.js';
import { createPerson } from './people.js';
import type { Random } from './random.js';

export type Relation = DeclaredMember['relation'];

export interface ComposedMember {
  person: Person;
  relation: Relation;
  maritalStatus: MaritalStatus;
}

export interface Couple {
  man: Person;
  woman: Person;
  marriedOn: string;
}

/** A marriage that ended before the declaration, by death or by divorce. */
export interface FormerMarriage extends Couple {
  member: Person;
  partner: Person;
  endedBy: 'death' | 'divorce';
  /** Rural marriages of the old often never reached the register. */
  registered: boolean;
}

/**
 * Collects the people of one family as a template adds them, together with
 * the marriages the marriage register must show for the declared statuses
 * to be consistent.
 */
export class FamilyComposition {
  readonly members: ComposedMember[] = [];
  readonly couples: Couple[] = [];
  readonly former: FormerMarriage[] = [];

  constructor(
    private readonly context: GeneratorContext,
    private readonly county: string,
  ) {}

  get random(): Random {
    return this.context.random;
  }

  /** A new person aged between the two ages on the declaration date. */
  person(sex: Sex, minAge: number, maxAge: number, surname?: string): Person {
    const { declaredOn } = this.context.calendar;
    const from = addDays(addYears(declaredOn, -maxAge - 1), 1);
    const birthOn = randomDate(this.random, from, addYears(declaredOn, -minAge));
    return this.personBorn(sex, birthOn, surname);
  }

  personBorn(sex: Sex, birthOn: string, surname?: string): Person {
    const county = this.context.places.birthCounty(this.county);
    return createPerson(this.context, { sex, birthOn, county, ...(surname ? { surname } : {}) });
  }

  add(person: Person, relation: Relation, maritalStatus: MaritalStatus): Person {
    this.members.push({ person, relation, maritalStatus });
    return person;
  }

  ageOf(person: Person): number {
    return ageOn(person.birthOn, this.context.calendar.declaredOn);
  }

  /** A partner of the other sex and a similar age, at least 22 on the declaration date. */
  partnerOf(person: Person): Person {
    const sex: Sex = person.sex === 'male' ? 'female' : 'male';
    const gap = person.sex === 'male' ? this.random.int(-6, 2) : this.random.int(-2, 6);
    const age = Math.min(96, Math.max(22, this.ageOf(person) + gap));
    return this.person(sex, age, age);
  }

  /** A marriage registered when the younger partner was 21 to 28, at least a year ago. */
  marriageDate(a: Person, b: Person): string {
    const younger = a.birthOn > b.birthOn ? a : b;
    const from = addYears(younger.birthOn, 21);
    const latest = addDays(this.context.calendar.declaredOn, -400);
    const to = [addYears(younger.birthOn, 28), latest].sort()[0] ?? latest;
    return from < to ? randomDate(this.random, from, to) : to;
  }

  /** Adds the declared couple (both members) and their marriage. */
  addCouple(first: Person, firstRelation: Relation, secondRelation: Relation): Couple {
    const second = this.partnerOf(first);
    this.add(first, firstRelation, 'married');
    this.add(second, secondRelation, 'married');
    const couple = this.coupleOf(first, second, this.marriageDate(first, second));
    this.couples.push(couple);
    return couple;
  }

  /** Records how a member's earlier marriage ended; the partner is not a member. */
  addFormerMarriage(member: Person, endedBy: FormerMarriage['endedBy']): FormerMarriage {
    const partner = this.partnerOf(member);
    const couple = this.coupleOf(member, partner, this.marriageDate(member, partner));
    const registered = endedBy === 'divorce' || this.random.chance(0.75);
    const former: FormerMarriage = { ...couple, member, partner, endedBy, registered };
    this.former.push(former);
    return former;
  }

  /** Children born after `since` and at most `maxAge` years ago, up to a month before today. */
  children(count: number, surname: string | undefined, since: string, maxAge: number): Person[] {
    const { declaredOn } = this.context.calendar;
    const latest = addDays(declaredOn, -30);
    const from = [since, addYears(declaredOn, -maxAge)].sort().at(-1) ?? since;

    return Array.from({ length: count }, () => {
      const birthOn = from < latest ? randomDate(this.random, from, latest) : latest;
      const sex: Sex = this.random.chance(0.52) ? 'male' : 'female';
      return this.personBorn(sex, birthOn, surname);
    });
  }

  private coupleOf(a: Person, b: Person, marriedOn: string): Couple {
    const [man, woman] = a.sex === 'male' ? [a, b] : [b, a];
    return { man, woman, marriedOn };
  }
}
