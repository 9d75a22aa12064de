import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../src/casebook/api-client.js';
import { type Dataset, generateDataset } from '../../src/dataset/generate-dataset.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { missedPlanted } from '../support/check-counts.js';
import { startTestStack } from '../support/stack.js';
import { waitForSubmitter } from '../support/wait.js';

describe('a generated data set through the API and workers', () => {
  let stack: LocalStack;
  let dataset: Dataset;

  beforeAll(async () => {
    stack = await startTestStack();
    dataset = await generateDataset({ seed: 7, families: 120 });
    await loadSandboxes(stack.sandboxes, stack.departments, dataset.departments);

    const client = new ApiClient(stack.baseUrl, stack.tokens.submitter);
    for (const family of dataset.families) {
      const answer = await client.submit(family);
      if (answer.status !== 202) throw new Error(`refused: ${JSON.stringify(answer.body)}`);
    }
    await waitForSubmitter(stack.db, stack.submitter, 120_000);
  }, 180_000);

  afterAll(async () => {
    await stack.close();
  });

  it('completes every check', async () => {
    const statuses = await stack.db.selectFrom('checks').select('status')
      .where('submitter', '=', stack.submitter).execute();

    expect(statuses).toHaveLength(dataset.families.length);
    expect(statuses.every((s) => s.status === 'complete')).toBe(true);
  });

  it('finds every discrepancy the data set planted', async () => {
    const missed = await missedPlanted(stack.db, stack.submitter, dataset.planted);

    expect(dataset.planted.length).toBeGreaterThan(20);
    expect(missed).toEqual([]);
  });
});
