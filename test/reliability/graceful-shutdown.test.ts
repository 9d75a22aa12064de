import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ExchangeProxy } from '../../connectors/sandbox/exchange-proxy.js';
import { loadSandboxes } from '../../src/runtime/sandboxes.js';
import { readCase } from '../support/case-family.js';
import { type ChildCommand, commandEnv, spawnCommand } from '../support/child-command.js';
import { freePort } from '../support/free-port.js';
import type { LogLine } from '../support/log-lines.js';
import { type PipelineHarness, startPipelineHarness } from '../support/pipeline-harness.js';
import { pollUntil } from '../support/poll.js';
import { startPostgresProxy } from '../support/postgres-proxy.js';

/** Every department answers this late, so lookups are in flight when the signal comes. */
const LATENCY_MS = 1500;

/**
 * Each phase logged once, each no earlier than the one before. Times, not
 * the order of lines: lines written just before the process exits can reach
 * the pipe out of order.
 */
function expectPhasesInOrder(logs: readonly LogLine[], phases: readonly string[]): void {
  const done = logs.filter((l) => l.msg === 'shutdown phase done');
  expect(done.map((l) => l.phase).sort()).toEqual([...phases].sort());
  const times = phases.map((phase) => timeOf(done, (l) => l.phase === phase));
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

/** When the first line with this message, or matching, was logged. */
function timeOf(logs: readonly LogLine[], match: string | ((line: LogLine) => boolean)): number {
  const matches = typeof match === 'string' ? (l: LogLine) => l.msg === match : match;
  const line = logs.find(matches);
  if (!line) throw new Error('no such log line');
  return Number(line.time);
}

describe('SIGTERM to the commands', () => {
  let harness: PipelineHarness;
  let proxy: ExchangeProxy | undefined;
  const children: ChildCommand[] = [];

  beforeAll(async () => {
    harness = await startPipelineHarness();
    const { testCase } = await readCase('02-undeclared-wage.json');
    await loadSandboxes(harness.sandboxes, harness.departments, testCase.departments);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await proxy?.stop();
    await harness?.close();
  });

  function spawn(args: string[], extra: Record<string, string>): ChildCommand {
    const env = commandEnv(harness.config, harness.settings, {
      SHUTDOWN_DEADLINE_MS: '20000',
      ...extra,
    });
    const child = spawnCommand(args, env);
    children.push(child);
    return child;
  }

  async function lookupStates(checkId: string): Promise<Record<string, string>> {
    const rows = await harness.db.selectFrom('department_lookups')
      .select(['department', 'state']).where('check_id', '=', checkId).execute();
    return Object.fromEntries(rows.map((r) => [r.department, r.state]));
  }

  it('lets `work` finish the lookups in flight, take no new one, and exit 0', async () => {
    for (const sandbox of harness.sandboxes.values()) sandbox.setFaults({ latencyMs: LATENCY_MS });
    // Public security, asked ahead, answers after the marriage registry, which then queues it.
    harness.sandboxes.get('public-security')?.setFaults({ latencyMs: 2 * LATENCY_MS });
    const work = spawn(['work'], {});
    await work.waitForLog('workers started');
    const { family } = await readCase('02-undeclared-wage.json');
    const [checkId = ''] = await harness.submit([family], 'sigterm');
    await pollUntil('a lookup in flight', async () =>
      Object.values(await lookupStates(checkId)).includes('running'), 10_000);

    const inFlight = Object.entries(await lookupStates(checkId))
      .filter(([, state]) => state === 'running').map(([department]) => department);
    work.process.kill('SIGTERM');
    expect(await work.exited).toBe(0);

    const states = await lookupStates(checkId);
    expect(inFlight.map((department) => states[department]))
      .toEqual(inFlight.map(() => 'answered'));
    expect(states.marriage).toBe('answered');
    // Queued when the marriage registry answered, after intake had stopped: never taken.
    const publicSecurity = harness.queues.lookups.get('public-security');
    const followUp = await publicSecurity?.getJob(`${checkId}.after-marriage`);
    expect(await followUp?.getState()).toBe('waiting');
    const answers = await harness.db.selectFrom('department_answers').select('department')
      .where('check_id', '=', checkId).execute();
    // Every ended lookup kept its answer; public security, open, at most the one it gave ahead.
    const answered = Object.keys(states).filter((department) => states[department] === 'answered');
    const stored = answers.map((a) => a.department).filter((d) => d !== 'public-security');
    expect(stored.sort()).toEqual(answered.sort());
    expectPhasesInOrder(work.logs, ['workers', 'queues', 'redis', 'database']);
    const lastAnswer = Math.max(...work.logs
      .filter((l) => l.msg === 'department answered').map((l) => Number(l.time)));
    expect(lastAnswer).toBeGreaterThanOrEqual(timeOf(work.logs, 'shutting down'));
    expect(lastAnswer).toBeLessThanOrEqual(timeOf(work.logs, (l) => l.phase === 'workers'));
  }, 40_000);

  it('lets `serve` answer the request in flight and exit 0', async () => {
    // A slow database keeps the request in flight when the signal comes.
    const proxied = await startPostgresProxy(harness.config.databaseUrl);
    proxy = proxied.proxy;
    proxy.setFaults({ latencyMs: 300 });
    const port = await freePort();
    const serve = spawn(['serve'], { DATABASE_URL: proxied.url, PORT: String(port) });
    await serve.waitForLog((l) => l.msg.startsWith('Server listening'));

    const answer = fetch(`http://127.0.0.1:${port}/health/ready`);
    await serve.waitForLog('incoming request');
    serve.process.kill('SIGTERM');

    expect([200, 503]).toContain((await answer).status);
    expect(await serve.exited).toBe(0);
    expectPhasesInOrder(serve.logs, ['api', 'queues', 'database']);
    expect(timeOf(serve.logs, 'request completed')).toBeGreaterThanOrEqual(
      timeOf(serve.logs, 'shutting down'));
    expect(timeOf(serve.logs, 'request completed')).toBeLessThanOrEqual(
      timeOf(serve.logs, (l) => l.phase === 'api'));
  }, 40_000);
});
