import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Dataset, generateDataset } from '../../src/dataset/generate-dataset.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { deleteKeysStartingWith } from '../../src/runtime/scratch-resources.js';
import {
  countDuplicateDiscrepancies,
  countQueuedJobs,
  missedPlanted,
  statusesOf,
} from '../support/check-counts.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { waitForSubmitter } from '../support/wait.js';

const SUBMITTER = 'flushed';

describe('checks whose every Redis key is lost before a worker sees them', () => {
  let harness: PipelineHarness;
  let dataset: Dataset;

  beforeAll(async () => {
    harness = await startPipelineHarness();
    dataset = await generateDataset({ seed: 31, families: 60 });
    await loadSandboxes(harness.sandboxes, harness.departments, dataset.departments);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('completes every one of them from PostgreSQL alone', async () => {
    await harness.submit(dataset.families, SUBMITTER);
    expect(await countQueuedJobs(harness.queues)).toBeGreaterThan(0);

    const { redisUrl, redisPrefix } = harness.config;
    expect(await deleteKeysStartingWith(redisUrl, `${redisPrefix}:`)).toBeGreaterThan(0);
    expect(await countQueuedJobs(harness.queues)).toBe(0);

    harness.startWorkers({ reconcileGraceMs: 0 });
    await waitForSubmitter(harness.db, SUBMITTER, 60_000);

    expect(await statusesOf(harness.db, SUBMITTER)).toEqual({ complete: dataset.families.length });
    expect(await countDuplicateDiscrepancies(harness.db, SUBMITTER))
      .toEqual({ byPosition: 0, byContent: 0 });
    const missed = await missedPlanted(harness.db, SUBMITTER, dataset.planted);
    expect(missed).toEqual([]);
  });
});
