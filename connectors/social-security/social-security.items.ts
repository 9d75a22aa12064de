import { isWithin, parseCompactMonth, recentMonths } from '../../src/domain/calendar.js';
import type { DeclaredMember } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import { fenToCny, moneyFinding } from '../../src/domain/money.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput, MoneyTolerance } from '../contract.js';
import type { SocialSecurityPayment, SocialSecurityRecords } from './social-security.records.js';

type PaymentType = SocialSecurityPayment['type'];
type MonthlyIncome = DeclaredMember['declared']['monthlyIncome'];

interface PaymentItem {
  item: string;
  type: PaymentType;
  declared(income: MonthlyIncome): number;
}

/** Each item compares the latest payment of one type with one declared income. */
const PAYMENT_ITEMS: readonly PaymentItem[] = [
  { item: 'pension', type: 'PENSION', declared: (income) => income.pension },
  {
    item: 'unemployment-benefit',
    type: 'UNEMPLOYMENT',
    declared: (income) => income.unemploymentBenefit,
  },
  // A contribution's amount is the monthly wage base the employer declares.
  { item: 'insured-wage', type: 'CONTRIBUTION', declared: (income) => income.wage },
];

/** Pension, unemployment benefit and insured wage of every declared member. */
export function evaluateSocialSecurity(input: EvaluationInput<SocialSecurityRecords>): Finding[] {
  const recent = recentMonths(input.family.declaredOn);
  const payments = input.records.payments.filter((p) =>
    isWithin(parseCompactMonth(p.period), recent),
  );

  return input.family.members.flatMap((member) =>
    PAYMENT_ITEMS.flatMap((rule) => {
      const finding = checkPaymentItem(rule, member, payments, input.tolerance(rule.item));
      return finding ? [finding] : [];
    }),
  );
}

function checkPaymentItem(
  rule: PaymentItem,
  member: DeclaredMember,
  payments: readonly SocialSecurityPayment[],
  tolerance: MoneyTolerance,
): Finding | null {
  const found = fenToCny(latestAmountFen(payments, member.idNumber, rule.type));
  const declared = rule.declared(member.declared.monthlyIncome);

  return moneyFinding(member.idNumber, rule.item, declared, found, tolerance);
}

/**
 * The amount of the member's latest payment of a type, or 0 without one.
 * Several payments filed for that same latest month (two employers, say) are
 * added up: together they are what the member receives or earns that month.
 */
function latestAmountFen(
  payments: readonly SocialSecurityPayment[],
  idNumber: string,
  type: PaymentType,
): number {
  const own = payments.filter(
    (p) => p.type === type && normaliseIdentityNumber(p.aac002) === idNumber,
  );
  const latest = Math.max(...own.map((p) => parseCompactMonth(p.period)));

  return own
    .filter((p) => parseCompactMonth(p.period) === latest)
    .reduce((sum, p) => sum + p.amountFen, 0);
}
