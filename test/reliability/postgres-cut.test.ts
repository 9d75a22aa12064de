import { setTimeout as hold } from 'node:timers/promises';

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ExchangeProxy } from '../../connectors/sandbox/exchange-proxy.js';
import { CASEBOOK_DEPARTMENT_SETTINGS } from '../../src/cli/commands/casebook.command.js';
import { type Dataset, generateDataset } from '../../src/dataset/generate-dataset.js';
import { createDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { type LocalStack, startLocalStack } from '../../src/runtime/local-stack.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { postFamilies, postFamily } from '../support/api-submit.js';
import { countDuplicateDiscrepancies, statusesOf } from '../support/check-counts.js';
import { silentLogger } from '../support/logger.js';
import { pollUntil } from '../support/poll.js';
import { startPostgresProxy } from '../support/postgres-proxy.js';
import { isolatedConfig } from '../support/stack.js';
import { waitForSubmitter } from '../support/wait.js';

const FAMILIES = 150;
/** How long PostgreSQL stays out of reach: the fault rehearsed, not a wait for the system. */
const OUTAGE_MS = 3000;

describe('PostgreSQL out of reach for a few seconds in the middle of a run', () => {
  let proxy: ExchangeProxy;
  let stack: LocalStack;
  let direct: Kysely<Database>;
  let dataset: Dataset;

  beforeAll(async () => {
    const config = await isolatedConfig();
    const proxied = await startPostgresProxy(config.databaseUrl);
    proxy = proxied.proxy;
    // The test watches through a session of its own that the cut does not reach.
    direct = createDatabase({ url: config.databaseUrl, poolSize: 2 });
    stack = await startLocalStack({
      config: { ...config, databaseUrl: proxied.url, reconcileEveryMs: 500 },
      logger: silentLogger,
      departmentOverrides: CASEBOOK_DEPARTMENT_SETTINGS,
    });
    dataset = await generateDataset({ seed: 47, families: FAMILIES + 1 });
    await loadSandboxes(stack.sandboxes, stack.departments, dataset.departments);
    for (const sandbox of stack.sandboxes.values()) sandbox.setFaults({ latencyMs: 100 });
  });

  afterAll(async () => {
    proxy?.setFaults({ down: false });
    await stack?.close();
    await proxy?.stop();
    await direct?.destroy();
  });

  async function completed(): Promise<number> {
    return (await statusesOf(direct, stack.submitter)).complete ?? 0;
  }

  async function countChecks(): Promise<number> {
    const row = await direct.selectFrom('checks')
      .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('finishes every check with no manual step, and the API answers 503 meanwhile', async () => {
    const [late, ...families] = dataset.families;
    await postFamilies(stack, families);
    await pollUntil('a quarter finished', async () => (await completed()) >= FAMILIES / 4, 60_000);

    proxy.setFaults({ down: true });
    const cut = Date.now();
    const before = await countChecks();
    const whileCut = await postFamily(stack, late);
    const answerMs = Date.now() - cut;
    expect(whileCut.status).toBe(503);
    expect(whileCut.body.error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(answerMs).toBeLessThan(2500);
    await hold(OUTAGE_MS - (Date.now() - cut));
    expect(await countChecks()).toBe(before);

    proxy.setFaults({ down: false });
    const back = Date.now();
    await waitForSubmitter(direct, stack.submitter, 60_000);
    const recoveryMs = Date.now() - back;

    expect(await statusesOf(direct, stack.submitter)).toEqual({ complete: FAMILIES });
    expect(await countDuplicateDiscrepancies(direct, stack.submitter))
      .toEqual({ byPosition: 0, byContent: 0 });
    expect(recoveryMs).toBeLessThan(45_000);
  }, 120_000);
});
