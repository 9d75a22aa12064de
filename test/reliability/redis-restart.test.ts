import { setTimeout as hold } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CASEBOOK_DEPARTMENT_SETTINGS } from '../../src/cli/commands/casebook.command.js';
import { type Dataset, generateDataset } from '../../src/dataset/generate-dataset.js';
import { type LocalStack, startLocalStack } from '../../src/runtime/local-stack.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { postFamilies, postFamily } from '../support/api-submit.js';
import { countDuplicateDiscrepancies, statusesOf } from '../support/check-counts.js';
import { silentLogger } from '../support/logger.js';
import { pollUntil } from '../support/poll.js';
import { type OwnRedis, startOwnRedis } from '../support/redis-server.js';
import { isolatedConfig } from '../support/stack.js';
import { waitForSubmitter } from '../support/wait.js';

const FAMILIES = 150;
/** How long Redis stays away: the fault rehearsed, not a wait for the system. */
const OUTAGE_MS = 2000;

describe('Redis restarting empty in the middle of a run', () => {
  let redis: OwnRedis;
  let stack: LocalStack;
  let dataset: Dataset;

  beforeAll(async () => {
    redis = await startOwnRedis();
    const config = await isolatedConfig();
    stack = await startLocalStack({
      config: { ...config, redisUrl: redis.url, reconcileEveryMs: 500 },
      logger: silentLogger,
      departmentOverrides: CASEBOOK_DEPARTMENT_SETTINGS,
    });
    dataset = await generateDataset({ seed: 43, families: FAMILIES + 1 });
    await loadSandboxes(stack.sandboxes, stack.departments, dataset.departments);
    // Slow answers keep many lookups in flight when Redis goes.
    for (const sandbox of stack.sandboxes.values()) sandbox.setFaults({ latencyMs: 100 });
  });

  afterAll(async () => {
    await redis?.start();
    await stack?.close();
    await redis?.kill();
  });

  async function completed(): Promise<number> {
    return (await statusesOf(stack.db, stack.submitter)).complete ?? 0;
  }

  it('finishes every check, and takes submissions while Redis is away', async () => {
    const [late, ...families] = dataset.families;
    await postFamilies(stack, families);
    await pollUntil('a quarter finished', async () => (await completed()) >= FAMILIES / 4, 60_000);

    await redis.kill();
    const down = Date.now();
    const whileDown = await postFamily(stack, late);
    const submitMs = Date.now() - down;
    expect(whileDown.status).toBe(202);
    const ready = await stack.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.json()).toMatchObject({ database: 'up', redis: 'down' });
    expect(await completed()).toBeLessThan(FAMILIES);
    await hold(OUTAGE_MS - (Date.now() - down));

    await redis.start();
    const back = Date.now();
    await waitForSubmitter(stack.db, stack.submitter, 60_000);
    const recoveryMs = Date.now() - back;

    expect(await statusesOf(stack.db, stack.submitter)).toEqual({ complete: FAMILIES + 1 });
    expect(await countDuplicateDiscrepancies(stack.db, stack.submitter))
      .toEqual({ byPosition: 0, byContent: 0 });
    expect(submitMs).toBeLessThan(2000);
    expect(recoveryMs).toBeLessThan(45_000);
  }, 120_000);
});
