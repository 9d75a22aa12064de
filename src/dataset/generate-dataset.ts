import { loadDivisionIndex, type DivisionIndex } from '../divisions/division-index.js';
import { isRealIsoDate } from '../domain/identity-number.js';
import { datasetCalendar } from './calendar.js';
import type {
  Dataset,
  DatasetOptions,
  DepartmentRecordSets,
  GeneratedFamily,
} from './dataset-types.js';
import { composeFamily } from './families.js';
import { emptyRecordSets, type GeneratorContext } from './family-draft.js';
import { IdentityRegistry } from './people.js';
import { DEFAULT_COUNTY_PREFIXES, Places } from './places.js';
import { plantDiscrepancies } from './plant-catalog.js';
import { Random } from './random.js';

export type {
  Dataset,
  DatasetOptions,
  DepartmentRecordSets,
  GeneratedFamily,
  PlantedDiscrepancy,
} from './dataset-types.js';

export const DEFAULT_DECLARED_ON = '2026-11-20';

/**
 * A realistic data set: declared families and what the eight departments
 * hold on their people. Most families are honest; about a third carry
 * planted discrepancies, each listed in `planted`. The same options give the
 * same data set.
 */
export async function generateDataset(options: DatasetOptions): Promise<Dataset> {
  const divisions = await loadDivisionIndex();
  const dataset: Dataset = { families: [], departments: emptyRecordSets(), planted: [] };

  for (const generated of familyStream(options, divisions)) {
    dataset.families.push(generated.family);
    dataset.planted.push(...generated.planted);
    appendRecords(dataset.departments, generated.departments);
  }
  return dataset;
}

/**
 * Only what the named departments hold of a data set, without its
 * families: one department's side of a data set too large to keep whole.
 * The other departments' lists stay empty.
 */
export async function generateDepartmentRecords(
  options: DatasetOptions,
  departments: ReadonlyArray<keyof DepartmentRecordSets>,
): Promise<DepartmentRecordSets> {
  const records = emptyRecordSets();
  for await (const generated of generateFamilies(options)) {
    for (const department of departments) {
      const into: Record<string, unknown[]> = records[department];
      for (const [list, items] of Object.entries(generated.departments[department])) {
        into[list]?.push(...(items as unknown[]));
      }
    }
  }
  return records;
}

/**
 * The same families one at a time, for batches too large to hold: only the
 * identity numbers and plates already handed out stay in memory.
 */
export async function* generateFamilies(
  options: DatasetOptions,
): AsyncGenerator<GeneratedFamily, void, undefined> {
  const divisions = await loadDivisionIndex();
  yield* familyStream(options, divisions);
}

/** The families of a data set in order, generated against a loaded division index. */
export function* familyStream(
  options: DatasetOptions,
  divisions: DivisionIndex,
): Generator<GeneratedFamily, void, undefined> {
  const context = contextFor(options, divisions);
  const prefix = options.referencePrefix ?? `GEN${options.seed}-`;
  const width = Math.max(6, String(options.families).length);

  for (let index = 1; index <= options.families; index += 1) {
    const draft = composeFamily(context, prefix + String(index).padStart(width, '0'));
    plantDiscrepancies(context, draft);
    yield { family: draft.family, departments: draft.records, planted: draft.planted };
  }
}

function contextFor(options: DatasetOptions, divisions: DivisionIndex): GeneratorContext {
  const declaredOn = options.declaredOn ?? DEFAULT_DECLARED_ON;
  if (!isRealIsoDate(declaredOn)) throw new RangeError('declaredOn must be a date YYYY-MM-DD');
  if (!Number.isInteger(options.families) || options.families < 0) {
    throw new RangeError('families must be a whole number, zero or more');
  }

  const random = new Random(options.seed);
  const prefixes = options.countyPrefixes ?? DEFAULT_COUNTY_PREFIXES;
  return {
    random,
    identities: new IdentityRegistry(),
    declaredOn,
    calendar: datasetCalendar(declaredOn),
    divisions,
    places: new Places(random, divisions, prefixes),
  };
}

/** Adds one family's records to the data set's, department by department. */
function appendRecords(into: DepartmentRecordSets, from: DepartmentRecordSets): void {
  const publicSecurity = into['public-security'];
  into['social-security'].payments.push(...from['social-security'].payments);
  into.housing.properties.push(...from.housing.properties);
  into.housing.subsidies.push(...from.housing.subsidies);
  publicSecurity.households.push(...from['public-security'].households);
  publicSecurity.vehicles.push(...from['public-security'].vehicles);
  publicSecurity.deaths.push(...from['public-security'].deaths);
  into['provident-fund'].rows.push(...from['provident-fund'].rows);
  into['state-tax'].businesses.push(...from['state-tax'].businesses);
  into['local-tax'].wageTax.push(...from['local-tax'].wageTax);
  into['local-tax'].deedTax.push(...from['local-tax'].deedTax);
  into.disability.rows.push(...from.disability.rows);
  into.marriage.records.push(...from.marriage.records);
}
