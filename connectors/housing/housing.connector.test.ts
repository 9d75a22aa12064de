import { describe, expect, it } from 'vitest';

import {
  connectorSettings,
  describeHttpConnector,
  lookupContext,
  sandboxSettings,
} from '../sandbox/connector-conformance.js';
import { legacyPersonNumber, personNumber } from '../sandbox/test-persons.js';
import { createHousingConnector } from './housing.connector.js';
import type { HousingProperty, HousingRecords } from './housing.records.js';
import { createHousingSandbox, HOUSING_MAX_BATCH } from './housing.sandbox.js';

function propertyOf(owners: string[], certificateNo: string): HousingProperty {
  return {
    certificateNo,
    owners,
    floorArea: '89.50',
    location: '430102',
    status: 'REGISTERED',
    registeredOn: '2019-06-01',
  };
}

function recordsOf(idNumbers: readonly string[]): HousingRecords {
  return {
    properties: idNumbers.map((owner, position) => propertyOf([owner], `XC-${position}`)),
    subsidies: idNumbers.map((idNumber) => ({
      idNumber,
      scheme: 'RENT_SUBSIDY' as const,
      monthlyAmount: '300.00',
      startOn: '2023-01-01',
      endOn: null,
    })),
  };
}

describeHttpConnector({
  department: 'housing',
  maxBatch: HOUSING_MAX_BATCH,
  createSandbox: createHousingSandbox,
  createConnector: createHousingConnector,
  recordsOf,
  oversizeLookup: (idNumbers) => ({
    method: 'POST',
    path: '/registry/v2/holdings/query',
    body: { idNumbers },
  }),
  malformedAnswer: {
    body: { result: { properties: [{ certificateNo: 'X' }], subsidies: [] }, asOf: '2024-01-01' },
    path: 'result.properties.0.owners',
  },
});

describe('housing connector holdings', () => {
  it('keeps a property owned by two persons asked in different batches once', async () => {
    const shared = propertyOf([personNumber(1), legacyPersonNumber(2)], 'XC-SHARED');
    const sandbox = createHousingSandbox(sandboxSettings);
    await sandbox.start();
    await sandbox.load({ properties: [shared], subsidies: [] });
    const connector = createHousingConnector(connectorSettings(sandbox.url, 1));

    const answer = await connector.lookup([personNumber(1), personNumber(2)], lookupContext());
    await connector.close();
    await sandbox.stop();

    expect(answer.properties).toEqual([shared]);
    expect(sandbox.lookups).toEqual([1, 1]);
  });
});
