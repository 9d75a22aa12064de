import { describe, expect, it } from 'vitest';

import { describeHttpConnector, sandboxSettings } from '../sandbox/connector-conformance.js';
import { personNumber } from '../sandbox/test-persons.js';
import { createStateTaxConnector } from './state-tax.connector.js';
import type { StateTaxRecords } from './state-tax.records.js';
import { createStateTaxSandbox, STATE_TAX_MAX_BATCH } from './state-tax.sandbox.js';

function recordsOf(idNumbers: readonly string[]): StateTaxRecords {
  return {
    businesses: idNumbers.map((taxpayerId, position) => ({
      taxpayerId,
      businessName: `Corner Shop ${position}`,
      registeredOn: '2021-05-10',
      deregisteredOn: position % 2 === 0 ? null : '2023-12-31',
      monthlyTurnover: '5200.00',
    })),
  };
}

describeHttpConnector({
  department: 'state-tax',
  maxBatch: STATE_TAX_MAX_BATCH,
  createSandbox: createStateTaxSandbox,
  createConnector: createStateTaxConnector,
  recordsOf,
  oversizeLookup: (idNumbers) => ({ method: 'GET', path: `/taxpayers?ids=${idNumbers.join(',')}` }),
  malformedAnswer: {
    body: [{ taxpayerId: personNumber(1), businessName: 'Shop', registeredOn: '10/05/2021' }],
    path: '0.registeredOn',
  },
});

describe('state-tax sandbox taxpayers', () => {
  it('counts the businesses it answers in X-Total-Count', async () => {
    const sandbox = createStateTaxSandbox(sandboxSettings);
    await sandbox.start();
    await sandbox.load(recordsOf([personNumber(1), personNumber(2)]));

    const response = await fetch(`${sandbox.url}/taxpayers?ids=${personNumber(2)}`);
    const businesses: unknown = await response.json();
    await sandbox.stop();

    expect(response.headers.get('x-total-count')).toBe('1');
    expect(businesses).toEqual(recordsOf([personNumber(1), personNumber(2)]).businesses.slice(1));
  });

  it('refuses a lookup without ids with 400', async () => {
    const sandbox = createStateTaxSandbox(sandboxSettings);
    await sandbox.start();

    const response = await fetch(`${sandbox.url}/taxpayers`);
    await sandbox.stop();

    expect(response.status).toBe(400);
  });
});
