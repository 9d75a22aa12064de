import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recheckDepartment } from '../../src/pipeline/department-recheck.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { entryKeys, readCase } from '../support/case-family.js';
import { silentLogger } from '../support/logger.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { waitForSubmitter } from '../support/wait.js';

const DOWN = 'social-security';
const SUBMITTER = 'recheck';

describe('asking a department again once it is back', () => {
  let harness: PipelineHarness;
  let checkId: string;
  let expected: string[];

  beforeAll(async () => {
    harness = await startPipelineHarness();
    const { testCase, family } = await readCase('02-undeclared-wage.json');
    await loadSandboxes(harness.sandboxes, harness.departments, testCase.departments);
    expected = entryKeys(testCase.expect ?? []);
    harness.sandboxes.get(DOWN)?.setFaults({ down: true });
    harness.startWorkers();
    [checkId = ''] = await harness.submit([family], SUBMITTER);
    await waitForSubmitter(harness.db, SUBMITTER, 30_000);
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function status() {
    const check = await harness.db.selectFrom('checks').select('status')
      .where('id', '=', checkId).executeTakeFirstOrThrow();
    const lookup = await harness.db.selectFrom('department_lookups')
      .select(['state', 'attempts']).where('check_id', '=', checkId)
      .where('department', '=', DOWN).executeTakeFirstOrThrow();
    const list = await harness.db.selectFrom('discrepancies')
      .select(['member_id_number as member', 'item', 'kind', 'position'])
      .where('check_id', '=', checkId).orderBy('position').execute();
    return { check: check.status, lookup, list };
  }

  function recheck(department: string) {
    return recheckDepartment({ ...harness, logger: silentLogger }, department);
  }

  it('completes a partial check with the discrepancies the department shows', async () => {
    const before = await status();
    expect(before.check).toBe('partial');
    expect(before.lookup.state).toBe('unavailable');
    expect(before.list.filter((d) => d.kind === 'unavailable')).toHaveLength(3);

    harness.sandboxes.get(DOWN)?.setFaults({ down: false });
    expect(await recheck(DOWN)).toBe(1);
    await waitForSubmitter(harness.db, SUBMITTER, 30_000);

    const after = await status();
    expect(after.check).toBe('complete');
    expect(after.lookup.state).toBe('answered');
    expect(after.lookup.attempts).toBe(before.lookup.attempts + 1);
    expect(entryKeys(after.list)).toEqual(expected);
    expect(after.list.map((d) => d.position)).toEqual([0, 1, 2]);
  });

  it('finds nothing to ask again once every check is complete', async () => {
    expect(await recheck(DOWN)).toBe(0);
  });

  it('refuses a department that does not exist', async () => {
    await expect(recheck('weather-bureau')).rejects.toThrow(/no department/);
  });
});
