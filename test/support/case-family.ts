import { readFile } from 'node:fs/promises';

import { type CaseFile, caseFile } from '../../src/casebook/case-file.js';
import { type DeclaredFamily, declaredFamilySchema } from '../../src/domain/declared-family.js';
import { loadDivisionIndex } from '../../src/divisions/division-index.js';

const CASE_BOOK = new URL('../../../shared/cases/', import.meta.url);

/** A case of the shared case book, with its family validated as the API would. */
export async function readCase(
  file: string,
): Promise<{ testCase: CaseFile; family: DeclaredFamily }> {
  const testCase = caseFile.parse(JSON.parse(await readFile(new URL(file, CASE_BOOK), 'utf8')));
  const divisions = await loadDivisionIndex();
  const schema = declaredFamilySchema({ villageExists: (code) => divisions.villageExists(code) });
  return { testCase, family: schema.parse(testCase.family) };
}

/** (member, item, kind) of entries, sorted, to compare a stored list with a case's. */
export function entryKeys(
  entries: ReadonlyArray<{ member: string | null; item: string; kind: string }>,
): string[] {
  return entries.map((e) => `${e.member ?? '-'}|${e.item}|${e.kind}`).sort();
}
