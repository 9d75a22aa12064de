import { describe, expect, it } from 'vitest';

import { DepartmentAnswerInvalidError } from '../errors.js';
import { startCannedServer } from '../sandbox/canned-answer-server.js';
import {
  connectorSettings,
  describeHttpConnector,
  lookupContext,
  rejectionOf,
  sandboxSettings,
} from '../sandbox/connector-conformance.js';
import { legacyPersonNumber, personNumber } from '../sandbox/test-persons.js';
import { createMarriageConnector } from './marriage.connector.js';
import type { MarriageRecord, MarriageRecords } from './marriage.records.js';
import { createMarriageSandbox, MARRIAGE_MAX_BATCH } from './marriage.sandbox.js';

/** Spouses far from the persons the shared suite asks about. */
const SPOUSE_SEQUENCE = 900;

function recordsOf(idNumbers: readonly string[]): MarriageRecords {
  return {
    records: idNumbers.map((man, position) => ({
      type: 'MARRIAGE' as const,
      registeredOn: '2010-10-01',
      man,
      woman: personNumber(SPOUSE_SEQUENCE + position),
    })),
  };
}

describeHttpConnector({
  department: 'marriage',
  maxBatch: MARRIAGE_MAX_BATCH,
  createSandbox: createMarriageSandbox,
  createConnector: createMarriageConnector,
  recordsOf,
  oversizeLookup: (ids) => ({ method: 'POST', path: '/marriage/v1/records/search', body: { ids } }),
  malformedAnswer: {
    body: { total: 1, records: [{ type: 'ENGAGEMENT', registeredOn: '2010-10-01' }] },
    path: 'records.0.type',
  },
});

describe('marriage connector couples', () => {
  const couple: MarriageRecord = {
    type: 'DIVORCE',
    registeredOn: '2018-04-02',
    man: personNumber(10),
    woman: legacyPersonNumber(11),
  };

  async function lookupCouple(asked: string[], batchSize: number): Promise<MarriageRecords> {
    const sandbox = createMarriageSandbox(sandboxSettings);
    await sandbox.start();
    await sandbox.load({ records: [couple] });
    const connector = createMarriageConnector(connectorSettings(sandbox.url, batchSize));

    const answer = await connector.lookup(asked, lookupContext());
    await connector.close();
    await sandbox.stop();
    return answer;
  }

  it('finds a record where the asked person is the woman, under her legacy number', async () => {
    const answer = await lookupCouple([personNumber(11)], MARRIAGE_MAX_BATCH);
    expect(answer).toEqual({ records: [couple] });
  });

  it('keeps the record of a couple asked about in two batches once', async () => {
    const answer = await lookupCouple([personNumber(10), personNumber(11)], 1);
    expect(answer).toEqual({ records: [couple] });
  });

  it('rejects an answer announcing more records than it sends', async () => {
    const canned = await startCannedServer({ body: { total: 3, records: [] } });
    const connector = createMarriageConnector(connectorSettings(canned.url, MARRIAGE_MAX_BATCH));

    const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
    await connector.close();
    await canned.stop();

    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
  });
});
