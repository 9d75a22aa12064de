import type { DeclaredMember } from '../domain/declared-family.js';
import { addDays, addMonths, ageOn, randomDate } from './calendar.js';
import type { Person } from './dataset-types.js';
import {
  moneyNumber,
  moneyString,
  personOf,
  type FamilyDraft,
  type GeneratorContext,
} from './family-draft.js';
import {
  declaredNear,
  fundRow,
  monthsUpTo,
  paymentRows,
  pensionFen,
  wageFen,
  wageTaxRows,
} from './income-records.js';
import { filedId, surnameOf } from './people.js';

const BUSINESS_KINDS = ['小吃店', '五金店', '便利店', '理发店', '水果店', '家政服务部', '汽车修理部'];

type WorkStatus = 'employed' | 'benefit' | 'former' | 'none';

/**
 * Incomes as the departments hold them, declared the way an honest family
 * would: every amount within the tolerance, nothing left out.
 */
export function addIncomes(context: GeneratorContext, draft: FamilyDraft): void {
  for (const member of draft.family.members) {
    const person = personOf(draft, member);
    const age = ageOn(person.birthOn, context.calendar.declaredOn);
    const retired = age >= (person.sex === 'male' ? 60 : 55);

    if (retired && context.random.chance(0.8)) addPension(context, draft, member, person);
    if (!retired && age >= 18) addWork(context, draft, member, person, workStatus(context, age));
    if (age >= 22 && age < 66) addBusinesses(context, draft, member, person);
  }
}

function workStatus(context: GeneratorContext, age: number): WorkStatus {
  if (age < 22 && context.random.chance(0.7)) return 'none';
  return context.random.weighted([
    ['employed', 38],
    ['benefit', 7],
    ['former', 12],
    ['none', 43],
  ] as const);
}

function addPension(
  context: GeneratorContext,
  draft: FamilyDraft,
  member: DeclaredMember,
  person: Person,
): void {
  const fen = pensionFen(context.random);
  const months = monthsUpTo(context.calendar.lastPaidMonth, 4);
  draft.records['social-security'].payments.push(...paymentRows(person, 'PENSION', fen, months));
  member.declared.monthlyIncome.pension = moneyNumber(declaredNear(context.random, fen));
}

function addWork(
  context: GeneratorContext,
  draft: FamilyDraft,
  member: DeclaredMember,
  person: Person,
  status: WorkStatus,
): void {
  if (status === 'employed') addEmployment(context, draft, member, person);
  if (status === 'benefit') addBenefit(context, draft, member, person);
  if (status === 'former') addFormerJob(context, draft, person);
}

/** A job held all through the past year, so the yearly average equals the wage. */
export function addEmployment(
  context: GeneratorContext,
  draft: FamilyDraft,
  member: DeclaredMember,
  person: Person,
): void {
  const { random, calendar } = context;
  const fen = wageFen(random);
  const months = monthsUpTo(calendar.lastPaidMonth, 4);
  const { payments } = draft.records['social-security'];
  payments.push(...paymentRows(person, 'CONTRIBUTION', fen, months));
  draft.records['local-tax'].wageTax.push(...wageTaxRows(random, person, fen, calendar.pastYear));

  if (random.chance(0.4)) {
    draft.records['provident-fund'].rows.push(
      fundRow(random, person, 'NORMAL', fen, calendar.lastPaidMonth),
    );
  }
  member.declared.monthlyIncome.wage = Math.round(fen / 1000) * 10;
}

function addBenefit(
  context: GeneratorContext,
  draft: FamilyDraft,
  member: DeclaredMember,
  person: Person,
): void {
  const fen = context.random.int(1200, 1900) * 100;
  const months = monthsUpTo(context.calendar.lastPaidMonth, 4);
  const { payments } = draft.records['social-security'];
  payments.push(...paymentRows(person, 'UNEMPLOYMENT', fen, months));
  member.declared.monthlyIncome.unemploymentBenefit = moneyNumber(fen);
}

/** A job that ended before the past year began: old rows that must raise nothing. */
function addFormerJob(context: GeneratorContext, draft: FamilyDraft, person: Person): void {
  const { random, calendar } = context;
  const fen = wageFen(random);
  const last = addMonths(calendar.pastYear[0] ?? calendar.month, -random.int(2, 30));
  const months = monthsUpTo(last, random.int(3, 12));

  const { payments } = draft.records['social-security'];
  payments.push(...paymentRows(person, 'CONTRIBUTION', fen, months));
  draft.records['local-tax'].wageTax.push(...wageTaxRows(random, person, fen, months));
  if (random.chance(0.3)) {
    draft.records['provident-fund'].rows.push(fundRow(random, person, 'SEALED', fen, last));
  }
}

function addBusinesses(
  context: GeneratorContext,
  draft: FamilyDraft,
  member: DeclaredMember,
  person: Person,
): void {
  const { random, calendar } = context;
  if (random.chance(0.06)) {
    const turnoverFen = random.int(30, 200) * 10_000;
    const registeredOn = randomDate(random, '2010-01-01', addDays(calendar.declaredOn, -90));
    addBusiness(context, draft, person, { registeredOn, deregisteredOn: null, turnoverFen });
    member.declared.monthlyIncome.business = moneyNumber(Math.round(turnoverFen * 0.25));
  }
  if (random.chance(0.03)) {
    const registeredOn = randomDate(random, '2008-01-01', '2018-12-31');
    const deregisteredOn = randomDate(random, '2019-01-01', addDays(calendar.declaredOn, -60));
    addBusiness(context, draft, person, { registeredOn, deregisteredOn, turnoverFen: 0 });
  }
}

export interface BusinessSpec {
  registeredOn: string;
  deregisteredOn: string | null;
  turnoverFen: number;
}

export function addBusiness(
  context: GeneratorContext,
  draft: FamilyDraft,
  person: Person,
  spec: BusinessSpec,
): void {
  const place = context.places.nameOf(draft.county);
  draft.records['state-tax'].businesses.push({
    taxpayerId: filedId(person, 'state-tax'),
    businessName: `${place}${surnameOf(person)}记${context.random.pick(BUSINESS_KINDS)}`,
    registeredOn: spec.registeredOn,
    deregisteredOn: spec.deregisteredOn,
    monthlyTurnover: moneyString(spec.turnoverFen),
  });
}
