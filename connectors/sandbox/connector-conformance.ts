import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../test/support/logger.js';
import type { Connector, ConnectorSettings, SandboxSettings } from '../contract.js';
import {
  DepartmentAnswerInvalidError,
  DepartmentRateLimitedError,
  DepartmentUnavailableError,
} from '../errors.js';
import { startCannedServer } from './canned-answer-server.js';
import type { HttpSandbox } from './http-sandbox.js';
import { legacyPersonNumber, personNumber, personNumbers } from './test-persons.js';

export interface RawLookup {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** What the shared suite needs to know about one HTTP department. */
export interface ConnectorSubject<Records> {
  department: string;
  /** Persons the sandbox accepts in one lookup; the department's default batch size. */
  maxBatch: number;
  createSandbox(settings: SandboxSettings): HttpSandbox<Records>;
  createConnector(settings: ConnectorSettings): Connector<Records>;
  /** Records the department files on each of the persons, in the order it files them. */
  recordsOf(idNumbers: readonly string[]): Records;
  /** A raw lookup asking about more persons than the department allows. */
  oversizeLookup(idNumbers: readonly string[]): RawLookup;
  /** An HTTP 200 answer whose records break the schema, and the path the error must name. */
  malformedAnswer: { body: unknown; path: string };
}

export const sandboxSettings: SandboxSettings = {
  port: 0,
  host: '127.0.0.1',
  logger: silentLogger,
};

export function connectorSettings(
  url: string,
  batchSize: number,
  timeoutMs = 5000,
): ConnectorSettings {
  return { url, batchSize, timeoutMs, logger: silentLogger };
}

/** A lookup context that never aborts on its own within a test. */
export function lookupContext(): { signal: AbortSignal } {
  return { signal: new AbortController().signal };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the lookup to fail');
}

/** The behaviour every HTTP department's connector and sandbox share. */
export function describeHttpConnector<Records>(subject: ConnectorSubject<Records>): void {
  describe(`${subject.department} connector against its sandbox`, () => {
    let sandbox: HttpSandbox<Records>;
    let connector: Connector<Records>;

    beforeEach(async () => {
      sandbox = subject.createSandbox(sandboxSettings);
      await sandbox.start();
      connector = subject.createConnector(connectorSettings(sandbox.url, subject.maxBatch));
    });

    afterEach(async () => {
      await connector.close();
      await sandbox.stop();
    });

    describeFinding(subject, () => ({ sandbox, connector }));
    describeFaults(subject, () => ({ sandbox, connector }));
    describeOperatorRoutes(subject, () => ({ sandbox, connector }));
  });
}

interface Running<Records> {
  sandbox: HttpSandbox<Records>;
  connector: Connector<Records>;
}

function describeFinding<Records>(
  subject: ConnectorSubject<Records>,
  running: () => Running<Records>,
): void {
  it('finds a person filed under a legacy 15-digit number, answered as filed', async () => {
    const { sandbox, connector } = running();
    const filed = subject.recordsOf([legacyPersonNumber(7)]);
    await sandbox.load(filed);

    expect(await connector.lookup([personNumber(7)], lookupContext())).toEqual(filed);
  });

  it('answers no records for a person the department holds nothing on', async () => {
    const { sandbox, connector } = running();
    await sandbox.load(subject.recordsOf([personNumber(1)]));

    const answer = await connector.lookup([personNumber(2)], lookupContext());
    expect(answer).toEqual(subject.recordsOf([]));
  });

  it(`asks about at most ${subject.maxBatch} persons per call`, async () => {
    const { sandbox, connector } = running();
    const rest = Math.ceil(subject.maxBatch / 2);
    const persons = personNumbers(subject.maxBatch * 2 + rest);
    await sandbox.load(subject.recordsOf(persons));

    expect(await connector.lookup(persons, lookupContext())).toEqual(subject.recordsOf(persons));
    expect(sandbox.lookups).toEqual([subject.maxBatch, subject.maxBatch, rest]);
  });

  it('refuses a lookup above the batch size with a 4xx', async () => {
    const { sandbox } = running();
    const lookup = subject.oversizeLookup(personNumbers(subject.maxBatch + 1));
    const response = await fetch(sandbox.url + lookup.path, {
      method: lookup.method,
      headers: { 'content-type': 'application/json' },
      body: lookup.body === undefined ? null : JSON.stringify(lookup.body),
    });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(sandbox.lookups).toEqual([]);
  });
}

function describeFaults<Records>(
  subject: ConnectorSubject<Records>,
  running: () => Running<Records>,
): void {
  it('surfaces a 429 as rate limited with the Retry-After in milliseconds', async () => {
    const { sandbox, connector } = running();
    sandbox.setFaults({ ratePerSecond: 0.1 });
    await connector.lookup([personNumber(1)], lookupContext());

    const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
    expect(error).toBeInstanceOf(DepartmentRateLimitedError);
    expect(error).toMatchObject({ department: subject.department, retryAfterMs: 10_000 });
  });

  it('reports a department that is down as unavailable', async () => {
    const { sandbox, connector } = running();
    sandbox.setFaults({ down: true });

    const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
    expect(error).toBeInstanceOf(DepartmentUnavailableError);
  });

  it('reports server errors at error rate 1 as unavailable', async () => {
    const { sandbox, connector } = running();
    sandbox.setFaults({ errorRate: 1 });

    for (const sequence of [1, 2, 3, 4, 5]) {
      const error = await rejectionOf(connector.lookup([personNumber(sequence)], lookupContext()));
      expect(error).toBeInstanceOf(DepartmentUnavailableError);
    }
  });

  it('gives up on an answer slower than its timeout, quickly, as unavailable', async () => {
    const { sandbox } = running();
    sandbox.setFaults({ latencyMs: 10_000 });
    const settings = connectorSettings(sandbox.url, subject.maxBatch, 200);
    const impatient = subject.createConnector(settings);

    const started = performance.now();
    const error = await rejectionOf(impatient.lookup([personNumber(1)], lookupContext()));
    await impatient.close();

    expect(error).toBeInstanceOf(DepartmentUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('rejects an answer that breaks the record schema, naming the path', async () => {
    const canned = await startCannedServer({ body: subject.malformedAnswer.body });
    const connector = subject.createConnector(connectorSettings(canned.url, subject.maxBatch));

    const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
    await connector.close();
    await canned.stop();

    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
    expect((error as Error).message).toContain(subject.malformedAnswer.path);
  });
}

function describeOperatorRoutes<Records>(
  subject: ConnectorSubject<Records>,
  running: () => Running<Records>,
): void {
  it('serves a data set replaced through PUT /_sandbox/records', async () => {
    const { sandbox, connector } = running();
    const records = subject.recordsOf([personNumber(3)]);
    const response = await putJson(`${sandbox.url}/_sandbox/records`, records);

    expect(response.status).toBe(204);
    expect(await connector.lookup([personNumber(3)], lookupContext())).toEqual(records);
  });

  it('shows faults changed through PUT /_sandbox/faults and acts on them', async () => {
    const { sandbox, connector } = running();
    const response = await putJson(`${sandbox.url}/_sandbox/faults`, { down: true });
    expect(response.status).toBe(200);

    const shown = await fetch(`${sandbox.url}/_sandbox/faults`).then((answer) => answer.json());
    expect(shown).toMatchObject({ down: true, errorRate: 0 });
    const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
    expect(error).toBeInstanceOf(DepartmentUnavailableError);
  });
}

export function putJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
