import { type Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DepartmentUnavailableError } from '../../connectors/errors.js';
import { type CheckJobData, lookupQueueName, redisConnection } from '../../src/pipeline/queues.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { readCase } from '../support/case-family.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { pollUntil } from '../support/poll.js';
import { jobFor, lookupProcessorFor } from '../support/processors.js';

const DEPARTMENT = 'housing';
const CIRCUIT = { threshold: 2, coolDownMs: 1500 };

describe('lookups of a department whose circuit is open', () => {
  let harness: PipelineHarness;
  let circuitRedis: Redis;
  let worker: Worker<CheckJobData>;
  let queue: Queue<CheckJobData>;
  let checkId: string;

  beforeAll(async () => {
    harness = await startPipelineHarness();
    circuitRedis = new Redis(harness.config.redisUrl);
    const { testCase, family } = await readCase('04-property-and-vehicle.json');
    await loadSandboxes(harness.sandboxes, harness.departments, testCase.departments);
    [checkId = ''] = await harness.submit([family], 'circuit');

    const found = harness.queues.lookups.get(DEPARTMENT);
    if (!found) throw new Error('no housing queue');
    queue = found;
    // A worker that takes no job by itself: the test hands the processor its jobs.
    worker = new Worker<CheckJobData>(lookupQueueName(DEPARTMENT), null, {
      connection: redisConnection(harness.config.redisUrl, 'worker'),
      prefix: harness.config.redisPrefix,
      autorun: false,
    });
  });

  afterAll(async () => {
    await worker?.close();
    circuitRedis?.disconnect();
    await harness?.close();
  });

  async function attempts(): Promise<number> {
    const row = await harness.db.selectFrom('department_lookups').select('attempts')
      .where('check_id', '=', checkId).where('department', '=', DEPARTMENT)
      .executeTakeFirstOrThrow();
    return row.attempts;
  }

  it('wait without spending an attempt, then one probe closes the circuit', async () => {
    const sandbox = harness.sandboxes.get(DEPARTMENT);
    sandbox?.setFaults({ down: true });
    const lookup = lookupProcessorFor(harness, DEPARTMENT, {
      circuitRedis,
      circuit: CIRCUIT,
      worker,
    });
    const job = () => jobFor(queue, checkId, 10);

    for (let i = 0; i < CIRCUIT.threshold; i += 1) {
      await expect(lookup.process(job())).rejects.toBeInstanceOf(DepartmentUnavailableError);
    }
    await expect(lookup.process(job())).rejects.toMatchObject({ name: 'RateLimitError' });
    expect(await queue.getRateLimitTtl()).toBeGreaterThan(0);
    expect(await attempts()).toBe(CIRCUIT.threshold);

    sandbox?.setFaults({ down: false });
    // Until the cool-down is over every try waits again; the first after it is the probe.
    let result: string | undefined;
    await pollUntil('the probe answered', async () => {
      result = await lookup.process(job()).catch((err: unknown) => {
        if (err instanceof Error && err.name === 'RateLimitError') return undefined;
        throw err;
      });
      return result !== undefined;
    }, 10_000, 200);
    expect(result).toBe('answered');
    expect(await lookup.circuit.admit()).toEqual({ pass: true });
    expect(await attempts()).toBe(CIRCUIT.threshold + 1);
    await lookup.close();
  });
});
