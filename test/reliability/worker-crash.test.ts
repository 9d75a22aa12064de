import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Dataset, generateDataset } from '../../src/dataset/generate-dataset.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import {
  countDuplicateDiscrepancies,
  missedPlanted,
  statusesOf,
} from '../support/check-counts.js';
import { type ChildCommand, commandEnv, spawnCommand } from '../support/child-command.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { pollUntil } from '../support/poll.js';
import { waitForSubmitter } from '../support/wait.js';

const FAMILIES = 500;
const SUBMITTER = 'killed-worker';

describe('a worker process killed in the middle of a run', () => {
  let harness: PipelineHarness;
  let dataset: Dataset;
  const workers: ChildCommand[] = [];

  beforeAll(async () => {
    harness = await startPipelineHarness();
    dataset = await generateDataset({ seed: 41, families: FAMILIES });
    await loadSandboxes(harness.sandboxes, harness.departments, dataset.departments);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await harness?.close();
  });

  function startWorker(): ChildCommand {
    // A dead worker's jobs come back once their 2-second lock lapses.
    const env = commandEnv(harness.config, harness.settings, {
      JOB_LOCK_MS: '2000',
      RECONCILE_EVERY_MS: '1000',
    });
    const worker = spawnCommand(['work'], env);
    workers.push(worker);
    return worker;
  }

  async function completed(): Promise<number> {
    return (await statusesOf(harness.db, SUBMITTER)).complete ?? 0;
  }

  it('finishes every check after a new worker starts, each discrepancy written once', async () => {
    await harness.submit(dataset.families, SUBMITTER);
    const first = startWorker();
    await pollUntil('a third of the checks finished', async () =>
      (await completed()) >= FAMILIES / 3, 90_000, 100);
    first.process.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await first.exited).toBeNull();
    expect(await completed()).toBeLessThan(FAMILIES);

    await startWorker().waitForLog('workers started');
    await waitForSubmitter(harness.db, SUBMITTER, 120_000);
    const recoveryMs = Date.now() - killedAt;

    expect(await statusesOf(harness.db, SUBMITTER)).toEqual({ complete: FAMILIES });
    expect(await countDuplicateDiscrepancies(harness.db, SUBMITTER))
      .toEqual({ byPosition: 0, byContent: 0 });
    const missed = await missedPlanted(harness.db, SUBMITTER, dataset.planted);
    expect(missed).toEqual([]);
    expect(recoveryMs).toBeLessThan(60_000);
  }, 180_000);
});
