import { randomUUID } from 'node:crypto';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDatabase } from '../../src/db/database.js';
import { type Dataset, generateDataset } from '../../src/dataset/generate-dataset.js';
import { enqueueLookups } from '../../src/pipeline/queues.js';
import { reconcileUnfinishedChecks } from '../../src/pipeline/reconciler.js';
import { deleteKeysStartingWith } from '../../src/runtime/scratch-resources.js';
import { countQueuedJobs } from '../support/check-counts.js';
import { silentLogger } from '../support/logger.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';

describe('lanes and the work Redis holds', () => {
  let harness: PipelineHarness;
  let dataset: Dataset;

  beforeAll(async () => {
    harness = await startPipelineHarness();
    dataset = await generateDataset({ seed: 47, families: 6 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('queues a family alone in the urgent lane, a batch in groups in the bulk lane', async () => {
    const [single] = await harness.submit(dataset.families.slice(0, 1), 'lanes-single');
    const batch = Array.from({ length: 150 }, () => randomUUID());
    await enqueueLookups(harness.queues, batch, ['housing'], harness.settings, 'bulk');

    const urgent = harness.queues.lookups.get('housing');
    const bulk = harness.queues.bulkLookups.get('housing');
    if (!urgent || !bulk || !single) throw new Error('no housing queues');
    const urgentJobs = await urgent.getJobs(['waiting']);
    const bulkJobs = await bulk.getJobs(['waiting']);

    expect(urgentJobs.map((j) => j.data)).toEqual([{ checkIds: [single] }]);
    expect(bulkJobs.map((j) => (j.data as { checkIds: string[] }).checkIds.length).sort())
      .toEqual([100, 50]);
    await Promise.all(harness.queues.all().map((q) => q.obliterate({ force: true })));
  });

  it('queues again only the unfinished checks whose work Redis no longer holds', async () => {
    await harness.submit(dataset.families.slice(1), 'lanes-reconcile');
    const deps = { ...harness, logger: silentLogger, reconcileGraceMs: 0 };
    const queued = await countQueuedJobs(harness.queues);

    // Every check still has its jobs: nothing is queued twice.
    expect(await reconcileUnfinishedChecks(deps)).toBe(0);
    expect(await countQueuedJobs(harness.queues)).toBe(queued);

    // Redis loses everything, the register with it: every check is queued again, once,
    // in the lane it came by.
    await deleteKeysStartingWith(harness.config.redisUrl, `${harness.config.redisPrefix}:`);
    expect(await reconcileUnfinishedChecks(deps)).toBe(dataset.families.length);
    const housing = harness.queues.lookups.get('housing');
    const bulkHousing = harness.queues.bulkLookups.get('housing');
    if (!housing || !bulkHousing) throw new Error('no housing queues');
    const requeued = (await housing.getJobs(['waiting']))
      .flatMap((j) => (j.data as { checkIds: string[] }).checkIds);
    expect(requeued).toHaveLength(dataset.families.length);
    expect(await bulkHousing.getJobCountByTypes('waiting')).toBe(0);
    expect(await reconcileUnfinishedChecks(deps)).toBe(0);

    // Work queued longer ago than the lease is taken as lost.
    expect(await reconcileUnfinishedChecks({ ...deps, inFlightLeaseMs: 0 }))
      .toBe(dataset.families.length);
  });

  it('lets worker sessions commit without waiting for the disk, never the API', async () => {
    const url = harness.config.databaseUrl;
    const worker = createDatabase({ url, waitForDurableCommit: false });
    const api = createDatabase({ url });
    try {
      const setting = async (db: typeof worker) =>
        (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(db))
          .rows[0]?.s;
      expect(await setting(worker)).toBe('off');
      expect(await setting(api)).toBe('on');
    } finally {
      await Promise.all([worker.destroy(), api.destroy()]);
    }
  });
});
