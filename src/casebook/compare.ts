import { maskIdentityNumber } from '../domain/masking.js';
import type { ExpectedEntry } from './case-file.js';

/** A discrepancy as the API lists it, reduced to what a case compares. */
export interface ListedEntry {
  member: string | null;
  item: string;
  kind: string;
  found: unknown;
}

export interface CaseDifference {
  missing: string[];
  unexpected: string[];
  wrongFound: string[];
}

/**
 * Lists show members masked, so members are compared masked on both sides;
 * masking a masked number changes nothing, so full and masked lists compare alike.
 */
function keyOf(entry: { member: string | null; item: string; kind: string }): string {
  const member = entry.member === null ? '-' : maskIdentityNumber(entry.member);
  return `${member}/${entry.item}/${entry.kind}`;
}

/**
 * Compares as the case book says: the listed entries equal the expected ones
 * as a set of (member, item, kind), and every `found` the case gives matches.
 */
export function compareEntries(
  expected: readonly ExpectedEntry[],
  listed: readonly ListedEntry[],
): CaseDifference {
  const listedByKey = new Map<string, ListedEntry[]>();
  for (const entry of listed) {
    const key = keyOf(entry);
    listedByKey.set(key, [...(listedByKey.get(key) ?? []), entry]);
  }
  const expectedKeys = new Set(expected.map(keyOf));

  const missing = [...expectedKeys].filter((key) => !listedByKey.has(key));
  const unexpected = [...listedByKey.keys()].filter((key) => !expectedKeys.has(key));
  const wrongFound = expected
    .filter((e) => e.found !== undefined && listedByKey.has(keyOf(e)))
    .filter((e) => !(listedByKey.get(keyOf(e)) ?? []).some((l) => sameFound(e.found, l.found)))
    .map((e) => `${keyOf(e)} found ${JSON.stringify(e.found)}`);
  return { missing, unexpected, wrongFound };
}

function sameFound(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(expected - actual) < 0.005;
  }
  return expected === actual;
}

export function isEmptyDifference(d: CaseDifference): boolean {
  return d.missing.length + d.unexpected.length + d.wrongFound.length === 0;
}
