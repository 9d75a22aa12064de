import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';

/**
 * Records of one kind found by the normalised identity number of every person
 * they concern, so a person filed under a legacy 15-digit number is found by
 * the 18-character one. Records come back exactly as filed, each once, in the
 * order they were filed.
 */
export class PersonIndex<T> {
  private readonly positionsByPerson = new Map<string, number[]>();

  constructor(
    private readonly filed: readonly T[],
    personsOf: (record: T) => readonly string[],
  ) {
    filed.forEach((record, position) => {
      for (const person of new Set(personsOf(record).map(normaliseIdentityNumber))) {
        this.remember(person, position);
      }
    });
  }

  /** Every record concerning any of the persons. */
  find(idNumbers: Iterable<string>): T[] {
    const positions = new Set<number>();
    for (const idNumber of idNumbers) {
      for (const position of this.positionsByPerson.get(normaliseIdentityNumber(idNumber)) ?? []) {
        positions.add(position);
      }
    }
    return [...positions].sort((a, b) => a - b).flatMap((position) => this.recordAt(position));
  }

  private remember(person: string, position: number): void {
    const positions = this.positionsByPerson.get(person) ?? [];
    positions.push(position);
    this.positionsByPerson.set(person, positions);
  }

  private recordAt(position: number): T[] {
    const record = this.filed[position];
    return record === undefined ? [] : [record];
  }
}
