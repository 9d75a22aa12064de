import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CaseFile, readCaseFiles } from '../../src/casebook/case-file.js';
import { runCasebook } from '../../src/casebook/run-casebook.js';
import { CASEBOOK_DEPARTMENT_SETTINGS } from '../../src/cli/commands/casebook.command.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { type LogCapture, captureLogs } from '../support/log-capture.js';
import { startTestStack } from '../support/stack.js';

const CASES_DIR = fileURLToPath(new URL('../../../shared/cases/', import.meta.url));
const NAME_KEYS = new Set(['name', 'aac003']);

/**
 * Every identity number of the case files in each form a log could hold
 * (18 characters up to the check character, and 15 digits), and every name.
 */
function personalValues(cases: readonly CaseFile[]): Set<string> {
  const values = new Set<string>();
  const visit = (value: unknown, key: string | null): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, key));
    if (value && typeof value === 'object') {
      return Object.entries(value).forEach(([k, v]) => visit(v, k));
    }
    if (typeof value !== 'string') return;
    if (/^\d{17}[\dXx]$/.test(value)) {
      values.add(value.slice(0, 17));
      values.add(value.slice(0, 6) + value.slice(8, 17));
    } else if (/^\d{15}$/.test(value)) {
      values.add(value);
      values.add(`${value.slice(0, 6)}19${value.slice(6)}`);
    } else if (key !== null && NAME_KEYS.has(key)) {
      values.add(value);
    }
  };
  cases.forEach((c) => visit(c, null));
  return values;
}

describe('logs of the whole case book at debug level', () => {
  let stack: LocalStack;
  let capture: LogCapture;
  let cases: CaseFile[];

  beforeAll(async () => {
    capture = captureLogs();
    stack = await startTestStack(CASEBOOK_DEPARTMENT_SETTINGS, capture.logger);
    cases = await readCaseFiles(CASES_DIR);
  });

  afterAll(async () => {
    await stack.close();
  });

  it('hold no identity number and no name of any case', async () => {
    const results = await runCasebook(stack, cases);
    await readEveryCheckAsCaseworker(stack);

    const logged = capture.text();
    const hits = [...personalValues(cases)].filter((value) => logged.includes(value));

    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(logged).toContain('"level":20');
    expect(logged).toContain('incoming request');
    expect(personalValues(cases).size).toBeGreaterThan(40);
    expect(hits).toEqual([]);
  }, 240_000);
});

/** Full values reach the API's answers here; they must still not reach the log. */
async function readEveryCheckAsCaseworker(stack: LocalStack): Promise<void> {
  const checks = await stack.db.selectFrom('checks').select('id').execute();
  for (const { id } of checks) {
    const response = await stack.app.inject({
      method: 'GET',
      url: `/v1/checks/${id}`,
      headers: { authorization: `Bearer ${stack.tokens.caseworker}` },
    });
    if (response.statusCode !== 200) {
      throw new Error(`reading a check answered ${response.statusCode}`);
    }
  }
}
