import type { Problem } from '../api/errors.js';
import type { DeclaredFamily, declaredFamilySchema } from '../domain/declared-family.js';
import type { NdjsonLine } from './ndjson-lines.js';

export type FamilySchema = ReturnType<typeof declaredFamilySchema>;

/** A line that is a declared family, or why it is not. */
export type LineVerdict =
  | { line: number; family: DeclaredFamily }
  | { line: number; problems: Problem[] };

export interface LineRules {
  schema: FamilySchema;
  maxLineBytes: number;
  /** The area of the token: every family of the batch must lie within it. */
  area: string;
  /** Prefix of every area code within `area` ('' for the whole country). */
  areaPrefix: string;
}

/**
 * Judges one line on its own, by the same rules as a single submission. The
 * parser's own message is not kept: it may quote the line, and lines hold
 * names and identity numbers.
 */
export function judgeLine(input: NdjsonLine, rules: LineRules): LineVerdict {
  const line = input.number;
  if ('tooLong' in input) {
    return reject(line, 'line', `is longer than ${rules.maxLineBytes} bytes`);
  }
  if ('notUtf8' in input) return reject(line, 'line', 'is not valid UTF-8');

  let json: unknown;
  try {
    json = JSON.parse(input.text);
  } catch {
    return reject(line, 'line', 'is not valid JSON');
  }

  const parsed = rules.schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || 'line',
      message: issue.message,
    }));
    return { line, problems };
  }

  if (!parsed.data.areaCode.startsWith(rules.areaPrefix)) {
    return reject(line, 'areaCode', `must lie within ${rules.area}`);
  }
  return { line, family: parsed.data };
}

function reject(line: number, path: string, message: string): LineVerdict {
  return { line, problems: [{ path, message }] };
}
