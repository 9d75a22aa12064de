import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CaseFile, readCaseFiles } from '../src/casebook/case-file.js';
import { runCasebook } from '../src/casebook/run-casebook.js';
import type { LocalStack } from '../src/runtime/local-stack.js';
import { startTestStack } from './support/stack.js';

const CASES_DIR = fileURLToPath(new URL('../../shared/cases/', import.meta.url));
const caseNames = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json')).sort();

describe('the shared case book, through the API and workers', () => {
  let stack: LocalStack;
  let cases: Map<string, CaseFile>;

  beforeAll(async () => {
    stack = await startTestStack();
    cases = new Map((await readCaseFiles(CASES_DIR)).map((c) => [c.file, c]));
  });

  afterAll(async () => {
    await stack.close();
  });

  it('holds cases to run', () => {
    expect(caseNames.length).toBeGreaterThan(0);
  });

  it.each(caseNames)('passes %s', async (file) => {
    const testCase = cases.get(file);
    if (!testCase) throw new Error(`${file} was not read`);

    const [result] = await runCasebook(stack, [testCase]);

    expect(result?.detail).toBeDefined();
    expect(result, result?.detail).toMatchObject({ passed: true });
  });
});
