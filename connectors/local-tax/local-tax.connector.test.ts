import { describe, expect, it } from 'vitest';

import {
  connectorSettings,
  describeHttpConnector,
  lookupContext,
  sandboxSettings,
} from '../sandbox/connector-conformance.js';
import { personNumber, personNumbers } from '../sandbox/test-persons.js';
import { createLocalTaxConnector } from './local-tax.connector.js';
import type { LocalTaxRecords } from './local-tax.records.js';
import { createLocalTaxSandbox, LOCAL_TAX_MAX_BATCH } from './local-tax.sandbox.js';

const MONTHS = ['2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03'];

function recordsOf(idNumbers: readonly string[]): LocalTaxRecords {
  return {
    wageTax: idNumbers.flatMap((idNumber) =>
      MONTHS.map((month) => ({ idNumber, month, gross: '4800.00', withheld: '45.00' })),
    ),
    deedTax: idNumbers.map((idNumber) => ({
      idNumber,
      paidOn: '2023-08-19',
      amount: '12000.00',
      location: '430102',
    })),
  };
}

describeHttpConnector({
  department: 'local-tax',
  maxBatch: LOCAL_TAX_MAX_BATCH,
  createSandbox: createLocalTaxSandbox,
  createConnector: createLocalTaxConnector,
  recordsOf,
  oversizeLookup: (ids) => ({ method: 'POST', path: '/records/query', body: { ids } }),
  malformedAnswer: {
    body: { items: [{ type: 'WAGE_TAX', record: { idNumber: personNumber(1), month: '202401' } }] },
    path: 'items.0.record.month',
  },
});

describe('local-tax connector paging', () => {
  it('follows nextPageToken until every page of a query is read', async () => {
    const sandbox = createLocalTaxSandbox(sandboxSettings, { pageSize: 4 });
    await sandbox.start();
    const persons = personNumbers(5);
    await sandbox.load(recordsOf(persons));
    const connector = createLocalTaxConnector(connectorSettings(sandbox.url, LOCAL_TAX_MAX_BATCH));

    const answer = await connector.lookup(persons, lookupContext());
    await connector.close();
    await sandbox.stop();

    expect(answer).toEqual(recordsOf(persons));
    expect(sandbox.lookups).toEqual([5]);
  });

  it('refuses a page token it never handed out with 400', async () => {
    const sandbox = createLocalTaxSandbox(sandboxSettings);
    await sandbox.start();

    const response = await fetch(`${sandbox.url}/records/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [personNumber(1)], pageToken: 'made-up' }),
    });
    await sandbox.stop();

    expect(response.status).toBe(400);
  });
});
