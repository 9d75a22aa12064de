import {
  isWithin,
  monthOf,
  parseDashedMonth,
  pastYear,
  type MonthRange,
} from '../../src/domain/calendar.js';
import type { DeclaredMember } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import { fenToCny, moneyFinding, parseFen } from '../../src/domain/money.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput, MoneyTolerance } from '../contract.js';
import type { DeedTaxRecord, LocalTaxRecords, WageTaxRecord } from './local-tax.records.js';

/** Taxed wage and property transactions of every declared member. */
export function evaluateLocalTax(input: EvaluationInput<LocalTaxRecords>): Finding[] {
  const { family, records } = input;
  const tolerance = input.tolerance('taxed-wage');

  return family.members.flatMap((member) => [
    ...checkTaxedWage(member, records.wageTax, family.declaredOn, tolerance),
    ...checkPropertyTransactions(member, records.deedTax, family.declaredOn),
  ]);
}

/**
 * The taxed wage is the gross wage of the past year spread over its twelve
 * months, so months without a wage lower the average rather than being skipped.
 */
function checkTaxedWage(
  member: DeclaredMember,
  wageTax: readonly WageTaxRecord[],
  declaredOn: string,
  tolerance: MoneyTolerance,
): Finding[] {
  const year = pastYear(declaredOn);
  const grossFen = wageTax
    .filter((r) => normaliseIdentityNumber(r.idNumber) === member.idNumber)
    .filter((r) => isWithin(parseDashedMonth(r.month), year))
    .reduce((sum, r) => sum + parseFen(r.gross), 0);

  const found = fenToCny(Math.round(grossFen / 12));
  const declared = member.declared.monthlyIncome.wage;
  const finding = moneyFinding(member.idNumber, 'taxed-wage', declared, found, tolerance);
  return finding ? [finding] : [];
}

/** Every deed tax paid in the window is a purchase the caseworker should know of. */
function checkPropertyTransactions(
  member: DeclaredMember,
  deedTax: readonly DeedTaxRecord[],
  declaredOn: string,
): Finding[] {
  const year = pastYear(declaredOn);

  return deedTax
    .filter((r) => normaliseIdentityNumber(r.idNumber) === member.idNumber)
    .filter((r) => isInTransactionWindow(r.paidOn, declaredOn, year))
    .map((r) => ({
      member: member.idNumber,
      item: 'property-transaction',
      kind: 'notice' as const,
      declared: null,
      found: r.paidOn,
    }));
}

/** The past year, and the declaration's own month up to and including the declaration day. */
function isInTransactionWindow(paidOn: string, declaredOn: string, year: MonthRange): boolean {
  const month = monthOf(paidOn);
  if (isWithin(month, year)) return true;

  return month === monthOf(declaredOn) && paidOn <= declaredOn;
}
