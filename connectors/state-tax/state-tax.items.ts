import type { DeclaredMember } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import { fenToCny, parseFen, toFen } from '../../src/domain/money.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import type { RegisteredBusiness, StateTaxRecords } from './state-tax.records.js';

/** Businesses of every declared member, compared with the declared business income. */
export function evaluateStateTax(input: EvaluationInput<StateTaxRecords>): Finding[] {
  const declaredOn = input.family.declaredOn;
  const live = input.records.businesses.filter((b) => isLiveOn(b, declaredOn));

  return input.family.members.flatMap((member) => checkBusinesses(member, live));
}

/** Registered on or before the declaration and not yet deregistered on that day. */
function isLiveOn(business: RegisteredBusiness, declaredOn: string): boolean {
  if (business.registeredOn > declaredOn) return false;

  return business.deregisteredOn === null || business.deregisteredOn > declaredOn;
}

/**
 * Only the existence of a business is checked against the declaration: a
 * live business with no business income declared, or business income with
 * no live business. Turnover is not income, so the amounts are not compared.
 */
function checkBusinesses(member: DeclaredMember, live: readonly RegisteredBusiness[]): Finding[] {
  const own = live.filter((b) => normaliseIdentityNumber(b.taxpayerId) === member.idNumber);
  const turnoverFen = own.reduce((sum, b) => sum + parseFen(b.monthlyTurnover), 0);
  const declaredFen = toFen(member.declared.monthlyIncome.business);

  const base = { member: member.idNumber, item: 'business', declared: fenToCny(declaredFen) };
  if (own.length > 0 && declaredFen === 0) {
    return [{ ...base, kind: 'undeclared', found: fenToCny(turnoverFen) }];
  }
  if (own.length === 0 && declaredFen > 0) return [{ ...base, kind: 'not-found', found: 0 }];
  return [];
}
