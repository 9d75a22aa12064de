import {
  isWithin,
  monthOf,
  monthsEndingWith,
  parseDashedMonth,
} from '../../src/domain/calendar.js';
import type { DeclaredMember } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import { fenToCny, parseFen, toFen } from '../../src/domain/money.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import type { ProvidentFundRecords, ProvidentFundRow } from './provident-fund.records.js';

/**
 * An account is still paid into when its last deposit fell in the
 * declaration's month or one of the six before it; an account silent for
 * longer only holds the savings of a past job.
 */
const ACTIVE_MONTHS = 7;

/** Provident-fund deposits of members who declared no wage. */
export function evaluateProvidentFund(input: EvaluationInput<ProvidentFundRecords>): Finding[] {
  const window = monthsEndingWith(monthOf(input.family.declaredOn), ACTIVE_MONTHS);
  const active = input.records.rows.filter(
    (row) => row.status === 'NORMAL' && isWithin(parseDashedMonth(row.last_deposit_month), window),
  );

  return input.family.members.flatMap((member) => checkDeposits(member, active));
}

/**
 * Deposits are made on a wage, so they only contradict a declaration of no
 * wage at all; their size says nothing about the wage's size here.
 */
function checkDeposits(member: DeclaredMember, active: readonly ProvidentFundRow[]): Finding[] {
  const depositFen = active
    .filter((row) => normaliseIdentityNumber(row.id_card) === member.idNumber)
    .reduce((sum, row) => sum + parseFen(row.monthly_deposit), 0);

  const declaredWage = member.declared.monthlyIncome.wage;
  if (depositFen === 0 || toFen(declaredWage) > 0) return [];

  return [
    {
      member: member.idNumber,
      item: 'provident-fund',
      kind: 'undeclared',
      declared: 0,
      found: fenToCny(depositFen),
    },
  ];
}
