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
import { personNumber } from '../sandbox/test-persons.js';
import { createPublicSecurityConnector } from './public-security.connector.js';
import type { PublicSecurityRecords, RegisteredHousehold } from './public-security.records.js';
import {
  createPublicSecuritySandbox,
  PUBLIC_SECURITY_MAX_BATCH,
} from './public-security.sandbox.js';

function householdOf(idNumbers: readonly string[], householdNo: string): RegisteredHousehold {
  return {
    householdNo,
    areaCode: '430102001001',
    members: idNumbers.map((idNumber, position) => ({
      idNumber,
      name: `Resident ${position}`,
      relationToHead: position === 0 ? 'HEAD' : 'CHILD',
    })),
  };
}

function recordsOf(idNumbers: readonly string[]): PublicSecurityRecords {
  return {
    households: idNumbers.map((idNumber, position) => householdOf([idNumber], `H${position}`)),
    vehicles: idNumbers.map((ownerIdNumber, position) => ({
      plate: `湘A·${String(position).padStart(5, '0')}`,
      ownerIdNumber,
      vehicleType: 'K33',
      status: 'A',
      registeredOn: '2020-03-15',
    })),
    deaths: idNumbers.map((idNumber) => ({ idNumber, diedOn: '2024-02-01' })),
  };
}

describeHttpConnector({
  department: 'public-security',
  maxBatch: PUBLIC_SECURITY_MAX_BATCH,
  createSandbox: createPublicSecuritySandbox,
  createConnector: createPublicSecurityConnector,
  recordsOf,
  oversizeLookup: (idNumbers) => ({
    method: 'POST',
    path: '/population/batch-query',
    body: { requests: idNumbers.map((idNumber) => ({ idNumber })) },
  }),
  malformedAnswer: {
    body: { results: [{ idNumber: 'x', households: [], vehicles: [{ plate: 1 }], deaths: [] }] },
    path: 'results.0.vehicles.0.plate',
  },
});

describe('public-security connector households', () => {
  const household = householdOf([personNumber(1), personNumber(2), personNumber(3)], 'H-FAMILY');

  async function lookupHousehold(asked: string[], batchSize: number) {
    const sandbox = createPublicSecuritySandbox(sandboxSettings);
    await sandbox.start();
    await sandbox.load({ households: [household], vehicles: [], deaths: [] });
    const connector = createPublicSecurityConnector(connectorSettings(sandbox.url, batchSize));

    const answer = await connector.lookup(asked, lookupContext());
    await connector.close();
    await sandbox.stop();
    return answer;
  }

  it('answers the whole household when one of its members is asked', async () => {
    const answer = await lookupHousehold([personNumber(2)], PUBLIC_SECURITY_MAX_BATCH);
    expect(answer.households).toEqual([household]);
  });

  it('keeps a household holding two asked persons once, in one batch or across two', async () => {
    const asked = [personNumber(1), personNumber(3)];
    const inOneBatch = await lookupHousehold(asked, PUBLIC_SECURITY_MAX_BATCH);
    const acrossTwo = await lookupHousehold(asked, 1);

    expect(inOneBatch.households).toEqual([household]);
    expect(acrossTwo.households).toEqual([household]);
  });

  it('rejects an answer without a result for every asked person', async () => {
    const canned = await startCannedServer({ body: { results: [] } });
    const connector = createPublicSecurityConnector(connectorSettings(canned.url, 20));

    const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
    await connector.close();
    await canned.stop();

    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
  });
});
