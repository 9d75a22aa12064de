import { readdirSync, readFileSync } from 'node:fs';

import { expect } from 'vitest';

import type { Finding, FindingValue } from '../../src/domain/vocabulary.js';

const CASE_BOOK = new URL('../../../shared/cases/', import.meta.url);

export interface CaseBookEntry {
  member: string | null;
  item: string;
  kind: string;
  found?: FindingValue;
}

export interface CaseBook {
  id: string;
  family: unknown;
  departments: Record<string, { down?: boolean } | undefined>;
  expect?: CaseBookEntry[];
  rejected?: boolean;
}

/** The cases of the shared case book in which a department's rules run: accepted, and it is up. */
export function casesFor(department: string): CaseBook[] {
  return readdirSync(CASE_BOOK)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, CASE_BOOK), 'utf8')) as CaseBook)
    .filter((book) => !book.rejected && !book.departments[department]?.down);
}

/** Equal as a set of (member, item, kind), and every `found` the case gives is among them. */
export function expectCaseBook(findings: Finding[], expected: CaseBookEntry[]): void {
  const key = (e: CaseBookEntry) => `${e.member}|${e.item}|${e.kind}`;
  const keys = (entries: CaseBookEntry[]) => [...new Set(entries.map(key))].sort();
  expect(keys(findings)).toEqual(keys(expected));

  for (const entry of expected.filter((e) => e.found !== undefined)) {
    const found = findings.filter((f) => key(f) === key(entry)).map((f) => f.found);
    expect(found).toContain(entry.found);
  }
}
