import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { putJson, sandboxSettings } from './connector-conformance.js';
import { createHttpSandbox, type HttpSandbox } from './http-sandbox.js';
import { PersonIndex } from './person-index.js';
import { legacyPersonNumber, personNumber } from './test-persons.js';

const note = z.object({ idNumber: z.string().regex(/^\d{15}|\d{17}[\dX]$/), text: z.string() });
const notes = z.object({ notes: z.array(note) });
type Notes = z.infer<typeof notes>;

/** A department reduced to one list of records and one lookup route. */
function createNotesSandbox(): HttpSandbox<Notes> {
  return createHttpSandbox(
    {
      department: 'notes',
      records: notes,
      empty: () => ({ notes: [] }),
      index: (records) => new PersonIndex(records.notes, (filed) => [filed.idNumber]),
      routes: (desk) => {
        desk.app.get<{ Querystring: { ids: string } }>('/notes', (request) => {
          const ids = request.query.ids.split(',');
          desk.noteLookup(ids.length);
          return { notes: desk.index().find(ids) };
        });
      },
    },
    sandboxSettings,
  );
}

describe('http sandbox', () => {
  let sandbox: HttpSandbox<Notes>;
  const ask = (ids = personNumber(1)) => fetch(`${sandbox.url}/notes?ids=${ids}`);

  beforeEach(async () => {
    sandbox = createNotesSandbox();
    await sandbox.start();
  });

  afterEach(async () => {
    await sandbox.stop();
  });

  it('answers records filed under a legacy number, as filed', async () => {
    const filed = { idNumber: legacyPersonNumber(1), text: 'filed in 1998' };
    await sandbox.load({ notes: [filed] });

    expect(await (await ask()).json()).toEqual({ notes: [filed] });
    expect(sandbox.lookups).toEqual([1]);
  });

  it('answers every lookup 503 while down, and the operator routes still answer', async () => {
    sandbox.setFaults({ down: true });

    expect((await ask()).status).toBe(503);
    expect((await ask()).status).toBe(503);
    expect((await fetch(`${sandbox.url}/_sandbox/faults`)).status).toBe(200);
  });

  it('answers 429 with Retry-After in whole seconds beyond the rate', async () => {
    sandbox.setFaults({ ratePerSecond: 2 });
    const statuses = [(await ask()).status, (await ask()).status];
    const refused = await ask();

    expect(statuses).toEqual([200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
  });

  it('answers 500, 502 or 503 at error rate 1', async () => {
    sandbox.setFaults({ errorRate: 1 });

    for (let call = 0; call < 10; call += 1) {
      expect([500, 502, 503]).toContain((await ask()).status);
    }
  });

  it('adds the latency to every lookup answer, faults included', async () => {
    sandbox.setFaults({ latencyMs: 300 });
    const started = performance.now();
    await ask();
    sandbox.setFaults({ down: true });
    await ask();

    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
  });

  it('stops promptly while an answer is held back by latency', async () => {
    sandbox.setFaults({ latencyMs: 10_000 });
    const held = fetch(`${sandbox.url}/notes?ids=${personNumber(1)}`, {
      signal: AbortSignal.timeout(200),
    });
    await expect(held).rejects.toThrow();

    const started = performance.now();
    await sandbox.stop();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('http sandbox operator routes', () => {
  let sandbox: HttpSandbox<Notes>;
  const ask = () => fetch(`${sandbox.url}/notes?ids=${personNumber(1)}`);

  beforeEach(async () => {
    sandbox = createNotesSandbox();
    await sandbox.start();
  });

  afterEach(async () => {
    await sandbox.stop();
  });

  it('changes some faults over PUT /_sandbox/faults and shows all of them', async () => {
    const patch = { latencyMs: 5, errorRate: 0.5 };
    const changed = await putJson(`${sandbox.url}/_sandbox/faults`, patch);
    const shown: unknown = await (await fetch(`${sandbox.url}/_sandbox/faults`)).json();

    expect(changed.status).toBe(200);
    expect(shown).toEqual({ latencyMs: 5, errorRate: 0.5, ratePerSecond: null, down: false });
    expect(sandbox.faults).toEqual(shown);
  });

  it('refuses faults out of range or unknown with 400 and keeps the old ones', async () => {
    const outOfRange = await putJson(`${sandbox.url}/_sandbox/faults`, { errorRate: 2 });
    const unknown = await putJson(`${sandbox.url}/_sandbox/faults`, { flaky: true });

    expect([outOfRange.status, unknown.status]).toEqual([400, 400]);
    expect(sandbox.faults.errorRate).toBe(0);
    expect(() => sandbox.setFaults({ latencyMs: -1 })).toThrow();
  });

  it('replaces the data set over PUT /_sandbox/records', async () => {
    const filed = { idNumber: personNumber(1), text: 'new data set' };
    const response = await putJson(`${sandbox.url}/_sandbox/records`, { notes: [filed] });
    const answer: unknown = await (await ask()).json();

    expect(response.status).toBe(204);
    expect(answer).toEqual({ notes: [filed] });
  });

  it('refuses records that break the schema with 400 and keeps the old data set', async () => {
    const kept = { idNumber: personNumber(1), text: 'kept' };
    await sandbox.load({ notes: [kept] });
    const response = await putJson(`${sandbox.url}/_sandbox/records`, { notes: [{ text: 1 }] });
    const answer: unknown = await (await ask()).json();

    expect(response.status).toBe(400);
    expect(answer).toEqual({ notes: [kept] });
  });
});
