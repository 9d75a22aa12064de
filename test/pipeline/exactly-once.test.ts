import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { caseFile } from '../../src/casebook/case-file.js';
import { enqueueLookups, enqueueMerge } from '../../src/pipeline/queues.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { startTestStack } from '../support/stack.js';
import { waitForQueuesDrained, waitForSubmitter } from '../support/wait.js';

const CASE = new URL('../../../shared/cases/02-undeclared-wage.json', import.meta.url);

describe('a check whose jobs run twice', () => {
  let stack: LocalStack;
  let checkId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const testCase = caseFile.parse(JSON.parse(await readFile(CASE, 'utf8')));
    await loadSandboxes(stack.sandboxes, stack.departments, testCase.departments);

    const response = await stack.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: { authorization: `Bearer ${stack.tokens.submitter}` },
      payload: testCase.family as Record<string, unknown>,
    });
    checkId = response.json<{ id: string }>().id;
    await waitForSubmitter(stack.db, stack.submitter);
  });

  afterAll(async () => {
    await stack.close();
  });

  async function snapshot() {
    const discrepancies = await stack.db.selectFrom('discrepancies')
      .select(['item', 'kind', 'member_id_number', 'position'])
      .where('check_id', '=', checkId).orderBy('position').execute();
    const lookups = await stack.db.selectFrom('department_lookups')
      .select(['department', 'state', 'attempts'])
      .where('check_id', '=', checkId).orderBy('department').execute();
    const answers = await stack.db.selectFrom('department_answers')
      .select('department').where('check_id', '=', checkId).execute();
    return { discrepancies, lookups, answers: answers.length };
  }

  it('keeps one set of answers and discrepancies', async () => {
    const first = await snapshot();
    expect(first.discrepancies).toHaveLength(3);
    expect(first.answers).toBe(8);

    const names = stack.departments.map((d) => d.name);
    const settings = Object.fromEntries(names.map((n) => [n, {
      url: '', batchSize: 1, concurrency: 1, ratePerSecond: null,
      timeoutMs: 1000, attempts: 1, backoffMs: 10,
    }]));
    await enqueueLookups(stack.queues, checkId, names, settings);
    await enqueueMerge(stack.queues, checkId);
    await waitForQueuesDrained(stack.queues);

    expect(await snapshot()).toEqual(first);
  });
});
