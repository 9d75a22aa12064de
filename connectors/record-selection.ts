import { normaliseIdentityNumber } from '../src/domain/identity-number.js';

/** For each record list of a department's answer, the persons a record concerns. */
export type RecordOwners<Records> = {
  [List in keyof Records]: Records[List] extends ReadonlyArray<infer R>
    ? (record: R) => readonly string[]
    : never;
};

/**
 * The records of an answer that concern any of the persons (normalised
 * identity numbers), each list filtered on its own and kept in filed order.
 * Used to hand each family its part of an answer given for many families.
 */
export function selectRecords<Records extends object>(
  records: Records,
  owners: RecordOwners<Records>,
  persons: ReadonlySet<string>,
): Records {
  const selected: Record<string, unknown[]> = {};
  for (const [list, ownersOf] of Object.entries(owners) as [string, (r: unknown) => string[]][]) {
    const filed = (records as Record<string, unknown[]>)[list] ?? [];
    selected[list] = filed.filter((record) =>
      ownersOf(record).some((id) => persons.has(normaliseIdentityNumber(id))),
    );
  }
  return selected as Records;
}

/** A department's `selectFor` when each record list is selected on its own. */
export function selectBy<Records extends object>(owners: RecordOwners<Records>) {
  return (records: Records, persons: ReadonlySet<string>): Records =>
    selectRecords(records, owners, persons);
}

/** Every person the records of an answer concern, normalised. */
export function personsIn<Records extends object>(
  records: Records,
  owners: RecordOwners<Records>,
): Set<string> {
  const persons = new Set<string>();
  for (const [list, ownersOf] of Object.entries(owners) as [string, (r: unknown) => string[]][]) {
    for (const record of (records as Record<string, unknown[]>)[list] ?? []) {
      for (const id of ownersOf(record)) persons.add(normaliseIdentityNumber(id));
    }
  }
  return persons;
}
