import { print } from '../cli/output.js';
import type { Dataset } from '../dataset/generate-dataset.js';
import { loadDivisionIndex } from '../divisions/division-index.js';
import type { LocalStack } from '../runtime/local-stack.js';
import {
  countDiscrepanciesByCounty,
  discrepancyKey,
  findDiscrepancyKeys,
} from './demo-report.js';

/** Prints what was found per area and per item, and how much of what was planted was found. */
export async function printReport(
  stack: LocalStack,
  submitter: string,
  dataset: Dataset,
): Promise<void> {
  const counts = await countDiscrepanciesByCounty(stack.db, submitter);
  const divisions = await loadDivisionIndex();

  print();
  print('Discrepancies per area and item');
  for (const [county, rows] of groupBy(counts, (c) => c.county)) {
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    print(`${county} ${divisions.nameOf(county) ?? ''}: ${total}`);
    for (const row of rows) print(`    ${row.item.padEnd(24)} ${row.kind.padEnd(22)} ${row.count}`);
  }

  print();
  print('All areas, per item');
  for (const [item, rows] of groupBy(counts, (c) => c.item)) {
    const byKind = [...groupBy(rows, (r) => r.kind)]
      .map(([kind, k]) => `${kind} ${k.reduce((s, r) => s + r.count, 0)}`)
      .join(', ');
    print(`    ${item.padEnd(24)} ${byKind}`);
  }

  await printPlantedRecall(stack, submitter, dataset);
}

async function printPlantedRecall(
  stack: LocalStack,
  submitter: string,
  dataset: Dataset,
): Promise<void> {
  const found = await findDiscrepancyKeys(stack.db, submitter);
  const missed = dataset.planted.filter(
    (p) => !found.has(discrepancyKey(p.reference, p.member, p.item, p.kind)),
  );
  print();
  print(
    `planted in the data set: ${dataset.planted.length}; found: ` +
      `${dataset.planted.length - missed.length}; missed: ${missed.length}`,
  );
  for (const m of missed.slice(0, 10)) print(`    missed ${m.reference} ${m.item} ${m.kind}`);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

