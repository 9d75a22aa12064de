import { Job, type Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';

import { CircuitBreaker, type CircuitSettings } from '../../src/pipeline/circuit-breaker.js';
import { createLookupProcessor } from '../../src/pipeline/lookup.processor.js';
import { createMergeProcessor } from '../../src/pipeline/merge.processor.js';
import type { CheckJobData } from '../../src/pipeline/queues.js';
import { silentLogger } from './logger.js';
import type { PipelineHarness } from './pipeline-harness.js';

/** A job as a worker would take it off the queue, without going through Redis. */
export function jobFor(queue: Queue<CheckJobData>, checkId: string, attempts = 2) {
  return new Job<CheckJobData>(queue, 'lookup', { checkId }, { attempts, jobId: checkId });
}

export interface ProcessorOptions {
  circuitRedis: Redis;
  circuit?: Partial<CircuitSettings>;
  /** The worker to pause; a lookup that should never be paused has none. */
  worker?: Worker<CheckJobData>;
}

/** One department's lookup processor wired to the harness, to be called by the test. */
export function lookupProcessorFor(
  harness: PipelineHarness,
  name: string,
  options: ProcessorOptions,
) {
  const department = harness.departments.find((d) => d.name === name);
  const departmentSettings = harness.settings[name];
  if (!department || !departmentSettings) throw new Error(`no department ${name}`);

  const connector = department.createConnector({ ...departmentSettings, logger: silentLogger });
  const circuit = new CircuitBreaker(options.circuitRedis, harness.config.redisPrefix, name, {
    threshold: options.circuit?.threshold ?? 5,
    coolDownMs: options.circuit?.coolDownMs ?? 30_000,
  }, silentLogger);
  const process = createLookupProcessor({
    ...harness, department, connector, departmentSettings, circuit,
    lane: 'urgent',
    logger: silentLogger,
    worker: () => options.worker ?? unexpectedPause(),
  });
  return { process, circuit, close: () => connector.close() };
}

export function mergeProcessorFor(harness: PipelineHarness) {
  return createMergeProcessor({
    db: harness.db,
    departments: harness.departments,
    tolerances: harness.config.tolerances,
    logger: silentLogger,
    lane: 'urgent',
    inFlight: harness.queues.inFlight,
  });
}

function unexpectedPause(): never {
  throw new Error('the lookup tried to pause its queue');
}
