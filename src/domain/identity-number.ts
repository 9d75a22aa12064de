/**
 * Resident identity numbers (GB 11643): 6-digit area, 8-digit birth date,
 * 3-digit sequence, ISO 7064 MOD 11-2 check character. Older records may hold
 * the 15-digit form without century or check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const NORMAL_FORM = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits of an identity number. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS[sum % 11] ?? '';
}

/** Why an 18-character identity number is not valid, or null when it is. */
export function identityNumberProblem(value: string): string | null {
  if (value.length !== 18) return 'must be 18 characters';
  if (!/^\d{17}[\dX]$/i.test(value)) return 'must be 17 digits followed by a digit or X';
  if (!isRealDate(value.slice(6, 14))) return 'does not hold a real birth date';
  if (checkCharacter(value) !== value[17]?.toUpperCase()) return 'has a wrong check character';
  return null;
}

/** Widens a 15-digit legacy number to 18 characters: century 19 and a check character. */
export function widenLegacyNumber(legacy: string): string {
  const first17 = `${legacy.slice(0, 6)}19${legacy.slice(6)}`;
  return first17 + checkCharacter(first17);
}

/**
 * The form every match is made on: 18 characters, upper-case X. Legacy
 * 15-digit numbers are widened; anything else is returned upper-cased so
 * that it simply matches nothing.
 */
export function normaliseIdentityNumber(value: string): string {
  // Most numbers already are in that form.
  if (NORMAL_FORM.test(value)) return value;
  const trimmed = value.trim().toUpperCase();
  if (/^\d{15}$/.test(trimmed)) return widenLegacyNumber(trimmed);
  return trimmed;
}

/** The 15-digit form a department may still file an 18-character number under, if any. */
export function legacyFormOf(idNumber: string): string | null {
  if (idNumber.length !== 18 || idNumber.slice(6, 8) !== '19') return null;
  return idNumber.slice(0, 6) + idNumber.slice(8, 17);
}

function isRealDate(yyyymmdd: string): boolean {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return isRealIsoDate(iso);
}

/** True for a `YYYY-MM-DD` string naming a day that exists. */
export function isRealIsoDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
