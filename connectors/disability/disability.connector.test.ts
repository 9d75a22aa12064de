import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import { checkCharacter, legacyFormOf } from '../../src/domain/identity-number.js';
import { silentLogger } from '../../test/support/logger.js';
import type { Connector, ConnectorSettings, Sandbox } from '../contract.js';
import { DepartmentAnswerInvalidError, DepartmentUnavailableError } from '../errors.js';
import { createDisabilityConnector } from './disability.connector.js';
import type { DisabilityCertificateRow, DisabilityRecords } from './disability.records.js';
import { createDisabilitySandbox } from './disability.sandbox.js';

// Test files run in parallel against one exchange database: this file publishes in its own schema.
const schema = `dpf_exchange_test_${randomBytes(4).toString('hex')}`;
const exchangeDatabaseUrl = inject('exchangeDatabaseUrl');

let sandbox: Sandbox<DisabilityRecords>;
const connectors: Connector<DisabilityRecords>[] = [];

beforeAll(async () => {
  sandbox = createDisabilitySandbox(
    { port: 0, host: '127.0.0.1', exchangeDatabaseUrl, logger: silentLogger },
    { schema },
  );
  await sandbox.start();
});

afterEach(async () => {
  sandbox.setFaults({ down: false, latencyMs: 0 });
  await Promise.all(connectors.splice(0).map((connector) => connector.close()));
});

afterAll(async () => {
  await sandbox.stop();
  await onExchange(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

function connectorWith(settings: Partial<ConnectorSettings> = {}, schemaName = schema) {
  const connector = createDisabilityConnector(
    { url: sandbox.url, batchSize: 500, timeoutMs: 5000, logger: silentLogger, ...settings },
    { schema: schemaName },
  );
  connectors.push(connector);
  return connector;
}

function lookup(connector: Connector<DisabilityRecords>, ids: string[]) {
  return connector.lookup(ids, { signal: new AbortController().signal });
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
  const first17 = `4301021962081${String(sequence).padStart(4, '0')}`;
  return first17 + checkCharacter(first17);
}

function certificate(
  idNo: string,
  changes: Partial<DisabilityCertificateRow> = {},
): DisabilityCertificateRow {
  return {
    id_no: idNo,
    cert_no: `${idNo.slice(0, 15)}4${changes.grade ?? 2}`,
    category: 4,
    grade: 2,
    issued_on: '2018-06-30',
    valid_until: '2028-06-30',
    ...changes,
  };
}

describe('disability connector', () => {
  it('finds a certificate filed under the 18-character number', async () => {
    await sandbox.load({ rows: [certificate(person(1))] });

    const records = await lookup(connectorWith(), [person(1)]);

    expect(records).toEqual({ rows: [certificate(person(1))] });
  });

  it('finds a certificate still filed under the 15-digit form', async () => {
    const legacy = legacyFormOf(person(2)) ?? '';
    await sandbox.load({ rows: [certificate(legacy)] });

    const records = await lookup(connectorWith(), [person(2)]);

    expect(records).toEqual({ rows: [certificate(legacy)] });
  });

  it('finds a certificate filed with a lower-case check character', async () => {
    const upper = person(4);
    expect(upper.endsWith('X')).toBe(true);
    const filed = upper.toLowerCase();
    await sandbox.load({ rows: [certificate(filed)] });

    const records = await lookup(connectorWith(), [upper]);

    expect(records).toEqual({ rows: [certificate(filed)] });
  });

  it('hands dates back exactly as published, open-ended ones as null', async () => {
    const rows = [
      certificate(person(3), { issued_on: '2000-02-29', valid_until: null, grade: 1 }),
      certificate(person(3), { issued_on: '2023-12-31', valid_until: '2024-01-01', category: 7 }),
    ];
    await sandbox.load({ rows });

    const records = await lookup(connectorWith(), [person(3)]);

    expect(records.rows).toEqual(rows);
  });

  it('finds every person across batches', async () => {
    const persons = [10, 11, 12, 13, 14, 15, 16].map(person);
    await sandbox.load({ rows: persons.map((id) => certificate(id)) });

    const records = await lookup(connectorWith({ batchSize: 3 }), persons);

    expect(records.rows.map((row) => row.id_no)).toEqual(persons);
  });

  it('replaces the published certificates on every load', async () => {
    await sandbox.load({ rows: [certificate(person(20)), certificate(person(21))] });
    await sandbox.load({ rows: [] });

    const records = await lookup(connectorWith(), [person(20), person(21)]);

    expect(records).toEqual({ rows: [] });
  });

  it('reports the federation unavailable at once when it is down', async () => {
    await sandbox.load({ rows: [certificate(person(30))] });
    sandbox.setFaults({ down: true });

    const started = performance.now();
    const failure = lookup(connectorWith({ timeoutMs: 10_000 }), [person(30)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports the federation unavailable while its table is not published', async () => {
    const failure = lookup(connectorWith({}, `${schema}_unpublished`), [person(31)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentUnavailableError);
  });

  it('refuses a grade outside 1 to 4', async () => {
    await sandbox.load({ rows: [certificate(person(32))] });
    await onExchange(`UPDATE ${schema}.certificate_publication SET grade = 9`);

    const failure = lookup(connectorWith(), [person(32)]);

    await expect(failure).rejects.toBeInstanceOf(DepartmentAnswerInvalidError);
    await expect(failure).rejects.toThrow(/rows\.0\.grade/);
  });

  it('treats a changed table layout as a permanent failure', async () => {
    await sandbox.load({ rows: [certificate(person(33))] });
    await onExchange(`ALTER TABLE ${schema}.certificate_publication RENAME grade TO level`);

    try {
      const failure = lookup(connectorWith(), [person(33)]);
      await expect(failure).rejects.toBeInstanceOf(DepartmentAnswerInvalidError);
    } finally {
      await onExchange(`ALTER TABLE ${schema}.certificate_publication RENAME level TO grade`);
    }
  });
});
