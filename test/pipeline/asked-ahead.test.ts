import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HttpSandbox } from '../../connectors/sandbox/http-sandbox.js';
import { departmentsToStart } from '../../src/pipeline/related-persons.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { entryKeys, readCase } from '../support/case-family.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { pollUntil } from '../support/poll.js';
import { waitForQueuesDrained, waitForSubmitter } from '../support/wait.js';

/**
 * Public security is also asked about persons the marriage registry names.
 * A family submitted on its own has it asked ahead about the declared
 * members, and asked again only when the registry names somebody else.
 */
describe('public security asked ahead of the marriage registry', () => {
  let harness: PipelineHarness;
  let runs = 0;

  beforeAll(async () => {
    harness = await startPipelineHarness();
    harness.startWorkers();
  });

  afterAll(async () => {
    await harness?.close();
  });

  function sandbox(department: string): HttpSandbox<unknown> {
    const found = harness.sandboxes.get(department);
    if (!found) throw new Error(`no ${department} sandbox`);
    return found as HttpSandbox<unknown>;
  }

  /** Checks a case with the two departments' latencies; returns public security's calls. */
  async function checkCase(file: string, latency: { marriage: number; publicSecurity: number }) {
    const { testCase, family } = await readCase(file);
    await loadSandboxes(harness.sandboxes, harness.departments, testCase.departments);
    sandbox('marriage').setFaults({ latencyMs: latency.marriage });
    sandbox('public-security').setFaults({ latencyMs: latency.publicSecurity });
    const before = sandbox('public-security').lookups.length;

    runs += 1;
    const submitter = `ahead-${runs}`;
    const [checkId = ''] = await harness.submit([family], submitter);
    await waitForSubmitter(harness.db, submitter);

    const stored = await harness.db.selectFrom('discrepancies')
      .select(['member_id_number as member', 'item', 'kind'])
      .where('check_id', '=', checkId).execute();
    expect(entryKeys(stored)).toEqual(entryKeys(testCase.expect ?? []));
    const ends = await harness.db.selectFrom('department_lookups as l')
      .leftJoin('department_answers as a', (join) => join
        .onRef('a.check_id', '=', 'l.check_id').onRef('a.department', '=', 'l.department'))
      .select([
        'l.department', 'l.state', 'l.attempts', 'l.started_at', 'l.finished_at', 'a.answered_at',
      ])
      .where('l.check_id', '=', checkId)
      .where('l.department', 'in', ['marriage', 'public-security'])
      .execute();
    const end = (department: string) => {
      const row = ends.find((r) => r.department === department);
      if (!row) throw new Error(`no ${department} lookup`);
      // Closed by the registry's transaction or its own, never before it started.
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at?.getTime() ?? 0);
      return row;
    };
    return {
      members: family.members.length,
      calls: sandbox('public-security').lookups.slice(before),
      marriage: end('marriage'),
      publicSecurity: end('public-security'),
    };
  }

  it('answers a family whose spouse is declared with one call, made before the registry answers',
    async () => {
      const run = await checkCase('02-undeclared-wage.json', { marriage: 1000, publicSecurity: 0 });

      expect(run.calls).toEqual([run.members]);
      expect(run.publicSecurity).toMatchObject({ state: 'answered', attempts: 1 });
      const answeredAt = run.publicSecurity.answered_at?.getTime() ?? Infinity;
      expect(answeredAt).toBeLessThan(run.marriage.finished_at?.getTime() ?? 0);
    });

  it('asks again with the spouse the registry names and keeps that answer', async () => {
    // A widow: the registry names her late husband, whose death public security records.
    const run = await checkCase('01-clean-widow.json', { marriage: 1000, publicSecurity: 0 });

    expect(run.calls).toEqual([run.members, run.members + 1]);
    expect(run.publicSecurity.state).toBe('answered');
    expect(run.publicSecurity.answered_at?.getTime())
      .toBeGreaterThanOrEqual(run.marriage.finished_at?.getTime() ?? Infinity);
  });

  it('keeps the right answer when the answer given ahead comes after the registry', async () => {
    const declared = await checkCase('02-undeclared-wage.json', {
      marriage: 0, publicSecurity: 300,
    });
    expect(declared.publicSecurity.state).toBe('answered');
    expect(declared.calls[0]).toBe(declared.members);

    const named = await checkCase('01-clean-widow.json', { marriage: 0, publicSecurity: 300 });
    expect(named.publicSecurity.state).toBe('answered');
    expect(named.calls).toContain(named.members + 1);
  });

  it('counts a failed ask ahead against the circuit and asks again in full', async () => {
    const { testCase, family } = await readCase('02-undeclared-wage.json');
    await loadSandboxes(harness.sandboxes, harness.departments, testCase.departments);
    sandbox('marriage').setFaults({ latencyMs: 2000 });
    sandbox('public-security').setFaults({ latencyMs: 0, down: true });
    const failures = `${harness.config.redisPrefix}:circuit:public-security:failures`;
    const redis = new Redis(harness.config.redisUrl);
    try {
      // Nothing of the tests before may ask public security while it is down here.
      await waitForQueuesDrained(harness.queues);
      await redis.del(failures);
      const [checkId = ''] = await harness.submit([family], 'ahead-down');
      // Counted well before the registry answers and public security is asked in full.
      await pollUntil('the ask ahead failed', async () =>
        Number(await redis.get(failures)) >= 1, 1_500);
      sandbox('public-security').setFaults({ down: false });
      await waitForSubmitter(harness.db, 'ahead-down');

      const stored = await harness.db.selectFrom('discrepancies')
        .select(['member_id_number as member', 'item', 'kind'])
        .where('check_id', '=', checkId).execute();
      expect(entryKeys(stored)).toEqual(entryKeys(testCase.expect ?? []));
      // The full ask succeeded and closed the circuit's count again.
      expect(await redis.get(failures)).toBeNull();
    } finally {
      redis.disconnect();
    }
  });

  it('asks ahead only for families submitted alone, not for batches', () => {
    const names = (lane: 'urgent' | 'bulk') =>
      departmentsToStart(harness.departments, lane).map((d) => d.name);
    expect(names('urgent')).toContain('public-security');
    expect(names('bulk')).not.toContain('public-security');
    expect(names('bulk')).toContain('marriage');
  });
});
