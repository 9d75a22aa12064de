import { normaliseIdentityNumber } from '../src/domain/identity-number.js';

/** For each record list of a department's answer, the persons a record concerns. */
export type RecordOwners<Records> = {
  [List in keyof Records]: Records[List] extends ReadonlyArray<infer R>
    ? (record: R) => readonly string[]
    : never;
};

/** Per record list, the positions of the records that concern each person. */
type PersonIndex = Map<string, Map<string, number[]>>;

/**
 * Indexes of answers already seen. A lookup about many families selects
 * from the same answer once per family; the index is built on the first
 * selection and dropped with the answer.
 */
const indexes = new WeakMap<object, PersonIndex>();

function indexOf<Records extends object>(records: Records, owners: RecordOwners<Records>) {
  const known = indexes.get(records);
  if (known) return known;
  const index: PersonIndex = new Map();
  for (const [list, ownersOf] of Object.entries(owners) as [string, (r: unknown) => string[]][]) {
    const byPerson = new Map<string, number[]>();
    ((records as Record<string, unknown[]>)[list] ?? []).forEach((record, position) => {
      for (const id of new Set(ownersOf(record).map(normaliseIdentityNumber))) {
        const positions = byPerson.get(id);
        if (positions) positions.push(position);
        else byPerson.set(id, [position]);
      }
    });
    index.set(list, byPerson);
  }
  indexes.set(records, index);
  return index;
}

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
  const index = indexOf(records, owners);
  const selected: Record<string, unknown[]> = {};
  for (const [list, byPerson] of index) {
    const filed = (records as Record<string, unknown[]>)[list] ?? [];
    const positions = new Set([...persons].flatMap((id) => byPerson.get(id) ?? []));
    selected[list] = [...positions].sort((a, b) => a - b).map((position) => filed[position]);
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
