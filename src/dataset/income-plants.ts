import type {
  SocialSecurityPayment,
} from '../../connectors/social-security/social-security.records.js';
import { addDays, addMonths, compactMonth, randomDate } from './calendar.js';
import { moneyNumber, plant, type FamilyDraft, type GeneratorContext } from './family-draft.js';
import { fundRow, monthsUpTo, paymentRows, pensionFen, wageFen } from './income-records.js';
import { addBusiness, addEmployment } from './income-profiles.js';
import { filedUnder, plantOnMember, type Candidate, type Plant } from './plant-helpers.js';

type PaymentType = SocialSecurityPayment['type'];
type PaidIncome = 'pension' | 'unemploymentBenefit';

const PAID: Readonly<Record<PaidIncome, { type: PaymentType; item: string }>> = {
  pension: { type: 'PENSION', item: 'pension' },
  unemploymentBenefit: { type: 'UNEMPLOYMENT', item: 'unemployment-benefit' },
};

function paymentsOf(draft: FamilyDraft, candidate: Candidate, type: PaymentType) {
  return draft.records['social-security'].payments.filter(
    (payment) => payment.type === type && filedUnder(payment.aac002, candidate.person.idNumber),
  );
}

function replacePayments(
  draft: FamilyDraft,
  candidate: Candidate,
  type: PaymentType,
  replacement: SocialSecurityPayment[],
): void {
  const records = draft.records['social-security'];
  const owner = candidate.person.idNumber;
  records.payments = records.payments
    .filter((payment) => payment.type !== type || !filedUnder(payment.aac002, owner))
    .concat(replacement);
}

function benefitFen(context: GeneratorContext, income: PaidIncome): number {
  return income === 'pension' ? pensionFen(context.random) : context.random.int(1200, 1900) * 100;
}

/** A pension or benefit paid in the recent months that the family did not declare. */
export function undeclaredPayment(income: PaidIncome, minAge: number, maxAge: number): Plant {
  const { type, item } = PAID[income];
  return (context, draft) =>
    plantOnMember(
      context,
      draft,
      income,
      (c) =>
        c.age >= minAge &&
        c.age <= maxAge &&
        c.member.declared.monthlyIncome[income] === 0 &&
        paymentsOf(draft, c, type).length === 0,
      (c) => {
        startPayment(context, draft, c, income);
        c.member.declared.monthlyIncome[income] = 0;
        plant(draft, c.member.idNumber, item, 'undeclared');
      },
    );
}

/**
 * A declared pension or benefit that changed two months ago by more than
 * the tolerance (50 or 5 %, whichever is larger), the way a yearly
 * adjustment shows up. A member without one is given one first.
 */
export function changedPayment(income: PaidIncome, minAge: number, maxAge: number): Plant {
  const { type, item } = PAID[income];
  return (context, draft) =>
    plantOnMember(
      context,
      draft,
      income,
      (c) => {
        const paid = paymentsOf(draft, c, type).length > 0;
        if (c.member.declared.monthlyIncome[income] > 0) return paid;
        return !paid && c.age >= minAge && c.age <= maxAge;
      },
      (c) => {
        if (c.member.declared.monthlyIncome[income] === 0) startPayment(context, draft, c, income);
        const declaredFen = Math.round(c.member.declared.monthlyIncome[income] * 100);
        const share = 0.08 + context.random.next() * 0.12;
        const changedFen = declaredFen + Math.max(6000, Math.round(declaredFen * share));
        for (const row of paymentsOf(draft, c, type).slice(-2)) row.amountFen = changedFen;
        plant(draft, c.member.idNumber, item, 'mismatch');
      },
    );
}

function startPayment(
  context: GeneratorContext,
  draft: FamilyDraft,
  c: Candidate,
  income: PaidIncome,
): void {
  const fen = benefitFen(context, income);
  const months = monthsUpTo(context.calendar.lastPaidMonth, 4);
  const { type } = PAID[income];
  replacePayments(draft, c, type, paymentRows(c.person, type, fen, months));
  c.member.declared.monthlyIncome[income] = moneyNumber(fen);
}

/** A declared pension or benefit whose payments stopped before the recent months. */
export function endedPayment(income: PaidIncome, minAge: number, maxAge: number): Plant {
  const { type, item } = PAID[income];
  return (context, draft) =>
    plantOnMember(
      context,
      draft,
      income,
      (c) => c.age >= minAge && c.age <= maxAge,
      (c) => {
        const declared = c.member.declared.monthlyIncome[income];
        const fen = declared > 0 ? Math.round(declared * 100) : benefitFen(context, income);
        const last = addMonths(context.calendar.recentStart, -context.random.int(1, 5));
        const rows = paymentRows(c.person, type, fen, monthsUpTo(last, context.random.int(3, 6)));
        replacePayments(draft, c, type, rows);
        c.member.declared.monthlyIncome[income] = moneyNumber(fen);
        plant(draft, c.member.idNumber, item, 'not-found');
      },
    );
}

/** True when no contribution in the recent months and no wage tax in the past year exist. */
function earnsNothing(context: GeneratorContext, draft: FamilyDraft, c: Candidate): boolean {
  const recent = compactMonth(context.calendar.recentStart);
  const yearStart = context.calendar.pastYear[0] ?? context.calendar.month;
  const contributes = paymentsOf(draft, c, 'CONTRIBUTION').some((p) => p.period >= recent);
  const taxed = draft.records['local-tax'].wageTax.some(
    (row) => row.month >= yearStart && filedUnder(row.idNumber, c.person.idNumber),
  );
  return !contributes && !taxed && c.member.declared.monthlyIncome.wage === 0;
}

function hasLiveFund(context: GeneratorContext, draft: FamilyDraft, c: Candidate): boolean {
  const since = addMonths(context.calendar.month, -6);
  return draft.records['provident-fund'].rows.some(
    (row) =>
      row.status === 'NORMAL' &&
      row.last_deposit_month >= since &&
      filedUnder(row.id_card, c.person.idNumber),
  );
}

/** A wage that social security and the tax office see but the family left out. */
export const undeclaredWage: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'wage',
    (c) =>
      c.age >= 18 &&
      c.age < 65 &&
      (c.member.declared.monthlyIncome.wage > 0 || earnsNothing(context, draft, c)),
    (c) => {
      const earning = c.member.declared.monthlyIncome.wage > 0;
      if (!earning) addEmployment(context, draft, c.member, c.person);
      c.member.declared.monthlyIncome.wage = 0;
      plant(draft, c.member.idNumber, 'insured-wage', 'undeclared');
      plant(draft, c.member.idNumber, 'taxed-wage', 'undeclared');
      if (hasLiveFund(context, draft, c)) {
        plant(draft, c.member.idNumber, 'provident-fund', 'undeclared');
      }
    },
  );

/** A wage declared at well under half to three quarters of what is paid. */
export const underdeclaredWage: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'wage',
    (c) => c.member.declared.monthlyIncome.wage > 0,
    (c) => {
      const wage = c.member.declared.monthlyIncome.wage;
      const share = 0.4 + context.random.next() * 0.35;
      c.member.declared.monthlyIncome.wage = Math.round((wage * share) / 10) * 10;
      plant(draft, c.member.idNumber, 'insured-wage', 'mismatch');
      plant(draft, c.member.idNumber, 'taxed-wage', 'mismatch');
    },
  );

/** A declared wage that no contribution and no wage tax supports. */
export const unsupportedWage: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'wage',
    (c) => c.age >= 18 && c.age < 65 && earnsNothing(context, draft, c),
    (c) => {
      c.member.declared.monthlyIncome.wage = context.random.int(150, 350) * 10;
      plant(draft, c.member.idNumber, 'insured-wage', 'not-found');
      plant(draft, c.member.idNumber, 'taxed-wage', 'not-found');
    },
  );

/** Provident-fund deposits still being made for someone who declares no wage. */
export const undeclaredFund: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'wage',
    (c) =>
      c.age >= 18 &&
      c.age < 65 &&
      earnsNothing(context, draft, c) &&
      !hasLiveFund(context, draft, c),
    (c) => {
      const last = addMonths(context.calendar.lastPaidMonth, -context.random.int(0, 3));
      const row = fundRow(context.random, c.person, 'NORMAL', wageFen(context.random), last);
      draft.records['provident-fund'].rows.push(row);
      plant(draft, c.member.idNumber, 'provident-fund', 'undeclared');
    },
  );

function hasLiveBusiness(context: GeneratorContext, draft: FamilyDraft, c: Candidate): boolean {
  const { declaredOn } = context.calendar;
  return draft.records['state-tax'].businesses.some(
    (b) =>
      filedUnder(b.taxpayerId, c.person.idNumber) &&
      b.registeredOn <= declaredOn &&
      (b.deregisteredOn === null || b.deregisteredOn > declaredOn),
  );
}

function fitsBusiness(context: GeneratorContext, draft: FamilyDraft, c: Candidate): boolean {
  const noneDeclared = c.member.declared.monthlyIncome.business === 0;
  return c.age >= 22 && c.age <= 70 && noneDeclared && !hasLiveBusiness(context, draft, c);
}

/** A shop registered with the tax office that the family did not declare. */
export const undeclaredBusiness: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'business',
    (c) => fitsBusiness(context, draft, c),
    (c) => {
      const latest = addDays(context.calendar.declaredOn, -30);
      const registeredOn = randomDate(context.random, '2012-01-01', latest);
      const turnoverFen = context.random.int(30, 200) * 10_000;
      addBusiness(context, draft, c.person, { registeredOn, deregisteredOn: null, turnoverFen });
      plant(draft, c.member.idNumber, 'business', 'undeclared');
    },
  );

/** Business income declared for a shop that was closed, or never registered. */
export const closedBusiness: Plant = (context, draft) =>
  plantOnMember(
    context,
    draft,
    'business',
    (c) => fitsBusiness(context, draft, c),
    (c) => {
      const { random, calendar } = context;
      c.member.declared.monthlyIncome.business = random.int(100, 500) * 10;
      if (random.chance(0.6)) {
        const registeredOn = randomDate(random, '2012-01-01', '2020-12-31');
        const closedFrom = addDays(calendar.declaredOn, -400);
        const deregisteredOn = randomDate(random, closedFrom, addDays(calendar.declaredOn, -30));
        addBusiness(context, draft, c.person, { registeredOn, deregisteredOn, turnoverFen: 0 });
      }
      plant(draft, c.member.idNumber, 'business', 'not-found');
    },
  );
