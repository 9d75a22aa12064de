import { checkCharacter, legacyFormOf } from '../../src/domain/identity-number.js';

/** A valid 18-character identity number, distinct for each sequence 0 to 999. */
export function personNumber(sequence: number): string {
  const first17 = `11010519800101${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** The legacy 15-digit form of `personNumber(sequence)`. */
export function legacyPersonNumber(sequence: number): string {
  const legacy = legacyFormOf(personNumber(sequence));
  if (legacy === null) throw new Error('test persons are born in the 1900s');
  return legacy;
}

/** Sequences start..start+count-1 as identity numbers. */
export function personNumbers(count: number, start = 0): string[] {
  return Array.from({ length: count }, (_, offset) => personNumber(start + offset));
}
