import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { departments } from '../../connectors/registry.js';
import { caseFile, type CaseFile } from '../../src/casebook/case-file.js';
import { compareEntries } from '../../src/casebook/compare.js';
import { declaredFamilySchema } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import { type DepartmentOutcome, evaluateFamily } from '../../src/pipeline/evaluate-family.js';

const CASES = new URL('../../../shared/cases/', import.meta.url);
const cases: CaseFile[] = readdirSync(CASES)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => caseFile.parse(JSON.parse(readFileSync(new URL(file, CASES), 'utf8'))))
  .filter((c) => !c.rejected);

/** What every department would answer when asked about all the case book's persons at once. */
function answerForEveryone(): Map<string, unknown> {
  const merged = new Map<string, Record<string, unknown[]>>();
  for (const department of departments) {
    merged.set(department.name, structuredClone(department.empty()) as Record<string, unknown[]>);
  }
  for (const testCase of cases) {
    for (const [name, holding] of Object.entries(testCase.departments)) {
      if ('down' in holding) continue;
      const lists = merged.get(name) ?? {};
      for (const [list, records] of Object.entries(holding)) lists[list]?.push(...records);
    }
  }
  return new Map([...merged].map(([name, lists]) => [name, lists as unknown]));
}

describe('an answer given about many families, split per family', () => {
  const everyone = answerForEveryone();
  const family = declaredFamilySchema({ villageExists: () => true });

  it.each(cases.map((c) => [c.id, c] as const))('gives %s what its own answer gave', (_, c) => {
    const declared = family.parse(c.family);
    const members = declared.members.map((m) => m.idNumber);
    const outcomes = departments.map((department): DepartmentOutcome => {
      const holding = c.departments[department.name];
      if (holding && 'down' in holding) {
        return { department, state: 'unavailable', answeredAt: null };
      }

      const related = department.alsoAsksAbout;
      const named = related ? related.persons(partFor(everyone, related.department, members)) : [];
      const persons = new Set([...members, ...named.map(normaliseIdentityNumber)]);
      const records = department.selectFor(everyone.get(department.name), persons);
      return { department, state: 'answered', records, answeredAt: null };
    });

    const found = evaluateFamily(declared, outcomes, {});

    const difference = compareEntries(c.expect ?? [], found);
    expect(difference).toEqual({ missing: [], unexpected: [], wrongFound: [] });
  });
});

/** One department's part of the answer about everyone, for the members of a family. */
function partFor(everyone: Map<string, unknown>, name: string, members: string[]): unknown {
  const department = departments.find((d) => d.name === name);
  if (!department) throw new Error(`${name} is not registered`);
  return department.selectFor(everyone.get(name), new Set(members));
}
