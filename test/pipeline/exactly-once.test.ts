import { readFile } from 'node:fs/promises';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { caseFile } from '../../src/casebook/case-file.js';
import { enqueueLookups, enqueueMerge } from '../../src/pipeline/queues.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { entryKeys, readCase } from '../support/case-family.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { jobFor, lookupProcessorFor, mergeProcessorFor } from '../support/processors.js';
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
    expect(first.answers).toBe(stack.departments.length);

    const names = stack.departments.map((d) => d.name);
    const settings = Object.fromEntries(names.map((n) => [n, {
      url: '', batchSize: 1, concurrency: 1, ratePerSecond: null,
      timeoutMs: 1000, attempts: 1, backoffMs: 10, circuitThreshold: 5, circuitCooldownMs: 1000,
    }]));
    await enqueueLookups(stack.queues, checkId, names, settings, 'urgent');
    await enqueueMerge(stack.queues, checkId, 'urgent');
    await waitForQueuesDrained(stack.queues);

    expect(await snapshot()).toEqual(first);
  });
});

describe('a check whose every job runs twice at the same time', () => {
  let harness: PipelineHarness;
  let circuitRedis: Redis;
  let checkId: string;
  let expected: string[];

  beforeAll(async () => {
    harness = await startPipelineHarness();
    circuitRedis = new Redis(harness.config.redisUrl);
    const { testCase, family } = await readCase('02-undeclared-wage.json');
    await loadSandboxes(harness.sandboxes, harness.departments, testCase.departments);
    expected = entryKeys(testCase.expect ?? []);
    [checkId = ''] = await harness.submit([family], 'twice-at-once');
  });

  afterAll(async () => {
    circuitRedis?.disconnect();
    await harness?.close();
  });

  /** Runs one department's lookup of the check twice at once, as two workers would. */
  async function lookUpTwice(department: string) {
    const queue = harness.queues.lookups.get(department);
    if (!queue) throw new Error(`no queue for ${department}`);
    const lookup = lookupProcessorFor(harness, department, { circuitRedis });
    try {
      return await Promise.all([
        lookup.process(jobFor(queue, checkId)),
        lookup.process(jobFor(queue, checkId)),
      ]);
    } finally {
      await lookup.close();
    }
  }

  it('asks each department twice and keeps one answer, one merge and one list', async () => {
    // Slow answers keep the first run of a lookup in flight while the second starts.
    for (const sandbox of harness.sandboxes.values()) sandbox.setFaults({ latencyMs: 400 });
    // Public security waits for the marriage registry's answer, as it does in the pipeline.
    const waves = [false, true].map((waits) =>
      harness.departments.filter((d) => Boolean(d.alsoAsksAbout) === waits));
    const lookups = [];
    for (const wave of waves) {
      const results = await Promise.all(wave.map((d) => lookUpTwice(d.name)));
      lookups.push(...results.flat());
    }
    const merge = mergeProcessorFor(harness);
    const merges = await Promise.all([
      merge(jobFor(harness.queues.merge, checkId)),
      merge(jobFor(harness.queues.merge, checkId)),
    ]);

    expect(lookups).toContain('answered');
    expect(merges.sort()).toEqual(['merged', 'skipped']);
    const rows = await harness.db.selectFrom('department_lookups')
      .select(['state', 'attempts']).where('check_id', '=', checkId).execute();
    expect(rows).toHaveLength(harness.departments.length);
    expect(rows.every((r) => r.state === 'answered' && r.attempts === 2)).toBe(true);
    const answers = await harness.db.selectFrom('department_answers')
      .select('department').where('check_id', '=', checkId).execute();
    expect(answers).toHaveLength(harness.departments.length);
    const stored = await harness.db.selectFrom('discrepancies')
      .select(['member_id_number as member', 'item', 'kind', 'position'])
      .where('check_id', '=', checkId).orderBy('position').execute();
    expect(entryKeys(stored)).toEqual(expected);
    expect(stored.map((d) => d.position)).toEqual([0, 1, 2]);
  });
});
