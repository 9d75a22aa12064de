import { describe, expect, it } from 'vitest';

import { departments } from '../../connectors/registry.js';
import { loadDivisionIndex } from '../divisions/division-index.js';
import { declaredFamilySchema } from '../domain/declared-family.js';
import { evaluateFamily, type DepartmentOutcome } from '../pipeline/evaluate-family.js';
import type { DatasetOptions, GeneratedFamily } from './dataset-types.js';
import { generateFamilies } from './generate-dataset.js';

/** Each discrepancy as one comparable key: member, item and kind. */
const keyOf = (d: { member: string | null; item: string; kind: string }) =>
  `${d.member ?? '-'} ${d.item} ${d.kind}`;

/**
 * What the item rules report for a family whose departments all answer with
 * the records generated for it, as the lookups would return them.
 */
function findingsFor(generated: GeneratedFamily, villageExists: (code: string) => boolean) {
  const family = declaredFamilySchema({ villageExists }).parse(generated.family);
  const answers = generated.departments as Record<string, unknown>;
  const outcomes: DepartmentOutcome[] = departments.map((department) => ({
    department,
    state: 'answered',
    records: answers[department.name],
    answeredAt: null,
  }));
  return evaluateFamily(family, outcomes, {});
}

async function unexplained(options: DatasetOptions) {
  const divisions = await loadDivisionIndex();
  const villageExists = (code: string) => divisions.villageExists(code);
  const differences: string[] = [];

  for await (const generated of generateFamilies(options)) {
    const found = new Set(findingsFor(generated, villageExists).map(keyOf));
    const planted = new Set(generated.planted.map(keyOf));
    for (const key of found) if (!planted.has(key)) differences.push(`extra ${key}`);
    for (const key of planted) if (!found.has(key)) differences.push(`missed ${key}`);
  }
  return differences;
}

describe('planted discrepancies against the item rules', () => {
  it('are exactly what the rules report, and honest families raise nothing', async () => {
    expect(await unexplained({ seed: 31, families: 1_500 })).toEqual([]);
  });

  it('hold for another declaration date and other places', async () => {
    const options = {
      seed: 32,
      families: 500,
      declaredOn: '2025-01-31',
      countyPrefixes: ['110105', '4401'],
    };

    expect(await unexplained(options)).toEqual([]);
  });
});
