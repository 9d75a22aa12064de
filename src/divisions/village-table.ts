import type { DivisionRow } from './division-files.js';

const VILLAGE_DIGITS = 12;
const NAME_BATCH = 4096;

/**
 * The 620,000 villages and communities, kept compact: codes as numbers in one
 * sorted Float64Array (12 digits stay exact below 2^53) searched by bisection,
 * and every name in one string cut by an array of end offsets. This holds a
 * few tens of megabytes less than a Set or Map of strings would.
 */
export class VillageTable {
  constructor(
    private readonly codes: Float64Array,
    private readonly nameEnds: Uint32Array,
    private readonly names: string,
  ) {}

  has(code: string): boolean {
    return this.indexOf(code) >= 0;
  }

  nameOf(code: string): string | null {
    const index = this.indexOf(code);
    if (index < 0) return null;
    const start = index === 0 ? 0 : (this.nameEnds[index - 1] ?? 0);
    return this.names.slice(start, this.nameEnds[index]);
  }

  /** Village codes starting with `prefix` (up to 12 digits), in code order. */
  codesUnder(prefix: string): string[] {
    if (!/^\d{1,12}$/.test(prefix)) return [];
    const scale = 10 ** (VILLAGE_DIGITS - prefix.length);
    const low = Number(prefix) * scale;
    const from = this.lowerBound(low);
    const to = this.lowerBound(low + scale);

    const found: string[] = [];
    for (let i = from; i < to; i += 1) found.push(String(this.codes[i]));
    return found;
  }

  private indexOf(code: string): number {
    if (code.length !== VILLAGE_DIGITS || !/^\d+$/.test(code)) return -1;
    const value = Number(code);
    const index = this.lowerBound(value);
    return this.codes[index] === value ? index : -1;
  }

  /** First position whose code is not below `value`. */
  private lowerBound(value: number): number {
    let low = 0;
    let high = this.codes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.codes[middle] ?? Infinity) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Builds the table from the rows of villages.csv, sorting only if the file is out of order. */
export async function buildVillageTable(rows: AsyncIterable<DivisionRow>): Promise<VillageTable> {
  const builder = new TableBuilder();
  for await (const row of rows) {
    if (row.code.length === VILLAGE_DIGITS) builder.add(Number(row.code), row.name);
  }
  return builder.finish();
}

class TableBuilder {
  private codes = new Float64Array(1 << 16);
  private nameEnds = new Uint32Array(1 << 16);
  private count = 0;
  private nameLength = 0;
  private ordered = true;
  private readonly nameBatches: string[] = [];
  private pendingNames: string[] = [];

  add(code: number, name: string): void {
    if (this.count === this.codes.length) this.grow();
    if (this.count > 0 && code < (this.codes[this.count - 1] ?? 0)) this.ordered = false;

    this.nameLength += name.length;
    this.codes[this.count] = code;
    this.nameEnds[this.count] = this.nameLength;
    this.count += 1;

    // Names are joined in batches so that no array of 620,000 strings lives at once.
    this.pendingNames.push(name);
    if (this.pendingNames.length === NAME_BATCH) this.flushNames();
  }

  finish(): VillageTable {
    this.flushNames();
    const codes = this.codes.slice(0, this.count);
    const nameEnds = this.nameEnds.slice(0, this.count);
    const names = this.nameBatches.join('');
    if (this.ordered) return new VillageTable(codes, nameEnds, names);
    return sortedTable(codes, nameEnds, names);
  }

  private flushNames(): void {
    this.nameBatches.push(this.pendingNames.join(''));
    this.pendingNames = [];
  }

  private grow(): void {
    const codes = new Float64Array(this.codes.length * 2);
    codes.set(this.codes);
    const nameEnds = new Uint32Array(this.nameEnds.length * 2);
    nameEnds.set(this.nameEnds);
    this.codes = codes;
    this.nameEnds = nameEnds;
  }
}

/** Reorders codes and names together; only a list published out of order needs it. */
function sortedTable(codes: Float64Array, nameEnds: Uint32Array, names: string): VillageTable {
  const order = Uint32Array.from(codes.keys()).sort((a, b) => (codes[a] ?? 0) - (codes[b] ?? 0));
  const sortedCodes = new Float64Array(codes.length);
  const sortedEnds = new Uint32Array(codes.length);
  const parts: string[] = [];
  let length = 0;

  order.forEach((from, to) => {
    const start = from === 0 ? 0 : (nameEnds[from - 1] ?? 0);
    const name = names.slice(start, nameEnds[from]);
    length += name.length;
    sortedCodes[to] = codes[from] ?? 0;
    sortedEnds[to] = length;
    parts.push(name);
  });
  return new VillageTable(sortedCodes, sortedEnds, parts.join(''));
}
