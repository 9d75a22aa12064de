import type { DeclaredMember } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import type { Finding } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import type { DisabilityCertificateRow, DisabilityRecords } from './disability.records.js';

/** Disability grades of every declared member, compared with the declared grade. */
export function evaluateDisability(input: EvaluationInput<DisabilityRecords>): Finding[] {
  const declaredOn = input.family.declaredOn;
  const valid = input.records.rows.filter((row) => isValidOn(row, declaredOn));

  return input.family.members.flatMap((member) => checkGrade(member, valid));
}

/** Issued on or before the day and not expired on it; without an end it never expires. */
function isValidOn(row: DisabilityCertificateRow, date: string): boolean {
  return row.issued_on <= date && (row.valid_until === null || date <= row.valid_until);
}

function checkGrade(member: DeclaredMember, valid: readonly DisabilityCertificateRow[]): Finding[] {
  const found = mostSevereGrade(valid, member.idNumber);
  const declared = member.declared.disabilityGrade;
  if (found === declared) return [];

  const base = { member: member.idNumber, item: 'disability', declared, found };
  if (declared === null) return [{ ...base, kind: 'undeclared' }];
  if (found === null) return [{ ...base, kind: 'not-found' }];
  return [{ ...base, kind: 'mismatch' }];
}

/**
 * With several valid certificates (one per category, say) the most severe
 * grade counts: grade 1 is the most severe, grade 4 the least.
 */
function mostSevereGrade(
  valid: readonly DisabilityCertificateRow[],
  idNumber: string,
): number | null {
  const grades = valid
    .filter((row) => normaliseIdentityNumber(row.id_no) === idNumber)
    .map((row) => row.grade);

  return grades.length > 0 ? Math.min(...grades) : null;
}
