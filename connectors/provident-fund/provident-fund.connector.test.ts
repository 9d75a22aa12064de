import { randomBytes } from 'node:crypto';

import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import { checkCharacter, legacyFormOf } from '../../src/domain/identity-number.js';
import { silentLogger } from '../../test/support/logger.js';
import type { Connector, ConnectorSettings, Sandbox } from '../contract.js';
import { DepartmentAnswerInvalidError, DepartmentUnavailableError } from '../errors.js';
import { createProvidentFundConnector } from './provident-fund.connector.js';
import type { ProvidentFundRecords, ProvidentFundRow } from './provident-fund.records.js';
import { createProvidentFundSandbox } from './provident-fund.sandbox.js';

// Test files run in parallel against one exchange database: this file publishes in its own schema.
const schema = `gjj_exchange_test_${randomBytes(4).toString('hex')}`;
const exchangeDatabaseUrl = inject('exchangeDatabaseUrl');

let sandbox: Sandbox<ProvidentFundRecords>;
const connectors: Connector<ProvidentFundRecords>[] = [];

beforeAll(async () => {
  sandbox = createProvidentFundSandbox(
    { port: 0, host: '127.0.0.1', exchangeDatabaseUrl, logger: silentLogger },
    { schema },
  );
  await sandbox.start();
});

afterEach(async () => {
  sandbox.setFaults({ down: false, latencyMs: 0, errorRate: 0, ratePerSecond: null });
  await Promise.all(connectors.splice(0).map((connector) => connector.close()));
});

afterAll(async () => {
  await sandbox.stop();
  await onExchange(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

function connectorWith(settings: Partial<ConnectorSettings> = {}, schemaName = schema) {
  const connector = createProvidentFundConnector(
    { url: sandbox.url, batchSize: 500, timeoutMs: 5000, logger: silentLogger, ...settings },
    { schema: schemaName },
  );
  connectors.push(connector);
  return connector;
}

function lookup(connector: Connector<ProvidentFundRecords>, ids: string[], signal?: AbortSignal) {
  return connector.lookup(ids, { signal: signal ?? new AbortController().signal });
}

async function onExchange(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: exchangeDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A valid 18-character number born in 19xx, so it also has a 15-digit form. */
function person(sequence: number): string {
  const first17 = `3201021975031${String(sequence).padStart(4, '0')}`;
  return first17 + checkCharacter(first17);
}

function account(idCard: string, changes: Partial<ProvidentFundRow> = {}): ProvidentFundRow {
  return {
    id_card: idCard,
    status: 'NORMAL',
    monthly_deposit: '1200.00',
    balance: '35600.50',
    last_deposit_month: '2024-05',
    ...changes,
  };
}

function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

describe('provident fund connector', () => {
  it('finds an account filed under the 18-character number', async () => {
    await sandbox.load({ rows: [account(person(1))] });

    const records = await lookup(connectorWith(), [person(1)]);

    expect(records).toEqual({ rows: [account(person(1))] });
  });

  it('finds an account still filed under the 15-digit form', async () => {
    const legacy = legacyFormOf(person(2)) ?? '';
    await sandbox.load({ rows: [account(legacy)] });

    const records = await lookup(connectorWith(), [person(2)]);

    expect(records).toEqual({ rows: [account(legacy)] });
  });

  it('hands amounts and months back exactly in the published shape', async () => {
    const rows = [
      account(person(3), {
        monthly_deposit: '0.00',
        balance: '0.00',
        last_deposit_month: '2019-12',
      }),
      account(person(3), { status: 'SEALED', monthly_deposit: '1234.5', balance: '9999999999.99' }),
    ];
    await sandbox.load({ rows });

    const records = await lookup(connectorWith(), [person(3)]);

    expect(records.rows).toEqual([
      rows[0],
      { ...rows[1], monthly_deposit: '1234.50', balance: '9999999999.99' },
    ]);
  });

  it('answers with no rows for persons the fund does not hold', async () => {
    await sandbox.load({ rows: [account(person(4))] });

    await expect(lookup(connectorWith(), [person(5)])).resolves.toEqual({ rows: [] });
    await expect(lookup(connectorWith(), [])).resolves.toEqual({ rows: [] });
  });

  it('asks in batches of the configured size', async () => {
    const persons = [10, 11, 12, 13, 14].map(person);
    await sandbox.load({ rows: persons.map((id) => account(id)) });
    const { logger, lines } = capturingLogger();

    const records = await lookup(connectorWith({ batchSize: 2, logger }), persons);

    const batches = lines
      .map((line) => JSON.parse(line) as { msg: string; persons: number })
      .filter((entry) => entry.msg === 'exchange batch read');
    expect(batches.map((entry) => entry.persons)).toEqual([2, 2, 1]);
    expect(records.rows.map((row) => row.id_card)).toEqual(persons);
  });

  it('keeps identity numbers out of its log lines', async () => {
    await sandbox.load({ rows: [account(person(15))] });
    const { logger, lines } = capturingLogger();
    const connector = connectorWith({ logger });

    await lookup(connector, [person(15), person(16)]);
    sandbox.setFaults({ down: true });
    await expect(lookup(connector, [person(15)])).rejects.toThrow();

    expect(lines.length).toBeGreaterThan(0);
    const forms = [person(15), person(16), legacyFormOf(person(15)) ?? ''];
    for (const form of forms) expect(lines.join('\n')).not.toContain(form);
  });

  it('replaces the published rows on every load', async () => {
    await sandbox.load({ rows: [account(person(20)), account(person(21))] });
    await sandbox.load({ rows: [account(person(22))] });

    const records = await lookup(connectorWith(), [person(20), person(21), person(22)]);

    expect(records.rows.map((row) => row.id_card)).toEqual([person(22)]);
  });

  it('publishes large data sets over several statements', async () => {
    const rows = Array.from({ length: 4500 }, (_, index) => account(person(1000 + index)));
    await sandbox.load({ rows });

    const records = await lookup(connectorWith(), [person(1000), person(5499)]);

    expect(records.rows.map((row) => row.id_card)).toEqual([person(1000), person(5499)]);
  });

  it('reports the department unavailable at once when it is down', async () => {
    await sandbox.load({ rows: [account(person(30))] });
    sandbox.setFaults({ down: true });

    const started = performance.now();
    const failure = lookup(connectorWith({ timeoutMs: 10_000 }), [person(30)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports the department unavailable when it cuts open sessions', async () => {
    await sandbox.load({ rows: [account(person(31))] });
    const connector = connectorWith();
    await lookup(connector, [person(31)]);

    sandbox.setFaults({ down: true });

    await expect(lookup(connector, [person(31)])).rejects.toBeInstanceOf(
      DepartmentUnavailableError,
    );
  });

  it('reads again once the department is back', async () => {
    await sandbox.load({ rows: [account(person(32))] });
    const connector = connectorWith();
    sandbox.setFaults({ down: true });
    await expect(lookup(connector, [person(32)])).rejects.toThrow();

    sandbox.setFaults({ down: false });

    await expect(lookup(connector, [person(32)])).resolves.toEqual({
      rows: [account(person(32))],
    });
  });

  it('answers later by the latency', async () => {
    await sandbox.load({ rows: [account(person(33))] });
    const connector = connectorWith();
    await lookup(connector, [person(33)]);
    sandbox.setFaults({ latencyMs: 200 });

    const started = performance.now();
    await lookup(connector, [person(33)]);

    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('gives up when the answer comes later than the timeout', async () => {
    await sandbox.load({ rows: [account(person(34))] });
    const connector = connectorWith({ timeoutMs: 300 });
    await lookup(connector, [person(34)]);
    sandbox.setFaults({ latencyMs: 5000 });

    const started = performance.now();
    const failure = lookup(connector, [person(34)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stops waiting as soon as the lookup is aborted', async () => {
    await sandbox.load({ rows: [account(person(35))] });
    sandbox.setFaults({ latencyMs: 5000 });
    const controller = new AbortController();

    const started = performance.now();
    const failure = lookup(connectorWith({ timeoutMs: 10_000 }), [person(35)], controller.signal);
    controller.abort();

    await expect(failure).rejects.toBeInstanceOf(DepartmentUnavailableError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports the department unavailable while its table is not published', async () => {
    const connector = connectorWith({}, `${schema}_unpublished`);

    const failure = lookup(connector, [person(36)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentUnavailableError);
    await expect(failure).rejects.toThrow(/not published/);
  });

  it('refuses rows that break the published shape', async () => {
    await sandbox.load({ rows: [account(person(37))] });
    await onExchange(
      `UPDATE ${schema}.deposit_account_snapshot SET status = 'FROZEN'`,
    );

    const failure = lookup(connectorWith(), [person(37)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentAnswerInvalidError);
    await expect(failure).rejects.toThrow(/rows\.0\.status/);
  });
});
