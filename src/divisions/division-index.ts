import { readDivisionRows, type DivisionFile } from './division-files.js';
import { buildVillageTable, type VillageTable } from './village-table.js';

/**
 * The published division list (GB/T 2260 with its township and village
 * extension), loaded once per process. Loading is asynchronous; every query
 * afterwards is synchronous and allocation-free apart from its answer.
 */
export interface DivisionIndex {
  /** True when the 12-digit code is a village or community of the list. */
  villageExists(code: string): boolean;
  /** True for a province (2), city (4), county (6), township (9) or village (12 digits). */
  divisionExists(code: string): boolean;
  /** The published name of a division of any level, or null when the code is unknown. */
  nameOf(code: string): string | null;
  /** Every village code under a prefix of any length, in code order. */
  villagesUnder(prefix: string): string[];
}

/** The four upper levels are small enough to keep as plain maps from code to name. */
const UPPER_LEVELS: ReadonlyArray<DivisionFile> = ['provinces', 'cities', 'areas', 'streets'];

let loading: Promise<DivisionIndex> | null = null;

/**
 * The division index of this process. The first call reads the list (about
 * half a second); later calls share the same promise. A failed load is
 * forgotten so that the next call tries again.
 */
export function loadDivisionIndex(): Promise<DivisionIndex> {
  loading ??= readDivisionIndex().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function readDivisionIndex(): Promise<DivisionIndex> {
  const upper = new Map<string, string>();
  for (const file of UPPER_LEVELS) {
    for await (const row of readDivisionRows(file)) upper.set(row.code, row.name);
  }

  const villages = await buildVillageTable(readDivisionRows('villages'));
  return indexOver(upper, villages);
}

function indexOver(upper: ReadonlyMap<string, string>, villages: VillageTable): DivisionIndex {
  return {
    villageExists: (code) => villages.has(code),
    divisionExists: (code) => (code.length === 12 ? villages.has(code) : upper.has(code)),
    nameOf: (code) => (code.length === 12 ? villages.nameOf(code) : (upper.get(code) ?? null)),
    villagesUnder: (prefix) => villages.codesUnder(prefix),
  };
}
