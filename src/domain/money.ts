import type { DiscrepancyKind, Finding } from './vocabulary.js';

/**
 * Money in the item rules. Amounts are compared and summed as integer fen
 * (1/100 CNY) so that 0.1 + 0.2 never decides a discrepancy; findings report
 * CNY numbers with at most two decimals.
 */

/** How far a found amount may stray from the declared one and still be consistent. */
export interface MoneyTolerance {
  /** CNY a found amount may differ by whatever the declared amount. */
  absolute: number;
  /** Share of the declared amount a found amount may differ by, when larger than `absolute`. */
  relative: number;
}

/** The kinds the money rule can give. */
export type MoneyKind = Extract<DiscrepancyKind, 'undeclared' | 'not-found' | 'mismatch'>;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** CNY to the nearest whole fen. */
export function toFen(cny: number): number {
  return Math.round(cny * 100);
}

/** Whole fen to CNY, exact to two decimals. */
export function fenToCny(fen: number): number {
  return fen / 100;
}

/**
 * A decimal string such as "4800.00" as whole fen, read digit by digit rather
 * than through a float. Digits beyond the fen round half up.
 */
export function parseFen(decimal: string): number {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) throw new RangeError(`expected a non-negative decimal, got "${decimal}"`);

  const fraction = (match[2] ?? '').padEnd(3, '0');
  const fen = Number(match[1]) * 100 + Number(fraction.slice(0, 2));
  return Number(fraction[2]) >= 5 ? fen + 1 : fen;
}

/** CNY rounded to whole fen, the way findings report money. */
export function roundCny(cny: number): number {
  return fenToCny(toFen(cny));
}

/** A decimal string as CNY with at most two decimals. */
export function parseCny(decimal: string): number {
  return fenToCny(parseFen(decimal));
}

/**
 * The money rule: declared 0 and found above 0 is `undeclared`; declared
 * above 0 and found 0 is `not-found`; otherwise a difference larger than the
 * greater of the absolute tolerance and the relative share of the declared
 * amount is a `mismatch`. A difference exactly at the tolerance is consistent.
 */
export function moneyDiscrepancy(
  declared: number,
  found: number,
  tolerance: MoneyTolerance,
): MoneyKind | null {
  const declaredFen = toFen(declared);
  const foundFen = toFen(found);
  if (declaredFen === 0) return foundFen > 0 ? 'undeclared' : null;
  if (foundFen === 0) return 'not-found';

  return Math.abs(foundFen - declaredFen) > allowedFen(declaredFen, tolerance) ? 'mismatch' : null;
}

/**
 * The largest difference in whole fen that is still consistent. The share is
 * floored after a tiny nudge so that 5 % of 2000.00 counts as exactly 100.00
 * even when the float product lands a hair below it.
 */
function allowedFen(declaredFen: number, tolerance: MoneyTolerance): number {
  const share = Math.floor(tolerance.relative * declaredFen + 1e-6);
  return Math.max(toFen(tolerance.absolute), share);
}

/** The money rule as a finding about one member's item, or null when consistent. */
export function moneyFinding(
  member: string,
  item: string,
  declared: number,
  found: number,
  tolerance: MoneyTolerance,
): Finding | null {
  const kind = moneyDiscrepancy(declared, found, tolerance);
  if (!kind) return null;

  return { member, item, kind, declared: roundCny(declared), found: roundCny(found) };
}
