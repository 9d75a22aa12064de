import { describe, expect, it } from 'vitest';

import { DepartmentAnswerInvalidError, DepartmentUnavailableError } from '../errors.js';
import { startCannedServer } from '../sandbox/canned-answer-server.js';
import {
  connectorSettings,
  describeHttpConnector,
  lookupContext,
  rejectionOf,
  sandboxSettings,
} from '../sandbox/connector-conformance.js';
import { personNumber, personNumbers } from '../sandbox/test-persons.js';
import { createSocialSecurityConnector } from './social-security.connector.js';
import type {
  SocialSecurityPayment,
  SocialSecurityRecords,
} from './social-security.records.js';
import {
  createSocialSecuritySandbox,
  SOCIAL_SECURITY_MAX_BATCH,
} from './social-security.sandbox.js';

function paymentOf(
  aac002: string,
  type: SocialSecurityPayment['type'],
  amountFen: number,
): SocialSecurityPayment {
  return { aac002, aac003: 'Insured Person', type, period: '202403', amountFen };
}

function recordsOf(idNumbers: readonly string[]): SocialSecurityRecords {
  return {
    payments: idNumbers.flatMap((aac002) => [
      paymentOf(aac002, 'PENSION', 180_000),
      paymentOf(aac002, 'CONTRIBUTION', 420_000),
    ]),
  };
}

describeHttpConnector({
  department: 'social-security',
  maxBatch: SOCIAL_SECURITY_MAX_BATCH,
  createSandbox: createSocialSecuritySandbox,
  createConnector: createSocialSecurityConnector,
  recordsOf,
  oversizeLookup: (ids) => ({ method: 'GET', path: `/si/v1/persons/${ids.join(',')}/payments` }),
  malformedAnswer: {
    body: { code: '0000', message: 'success', data: { payments: [{ aac002: 'unknown' }] } },
    path: 'data.payments.0.aac002',
  },
});

describe('social-security connector quirks', () => {
  it('asks about one person per call whatever batch size the settings name', async () => {
    const sandbox = createSocialSecuritySandbox(sandboxSettings);
    await sandbox.start();
    const connector = createSocialSecurityConnector(connectorSettings(sandbox.url, 10));

    await connector.lookup(personNumbers(3), lookupContext());
    await connector.close();
    await sandbox.stop();

    expect(sandbox.lookups).toEqual([1, 1, 1]);
  });

  it('treats an HTTP 200 answer with code 9999 as unavailable', async () => {
    const error = await lookupAgainstCanned({ code: '9999', message: 'system busy', data: null });
    expect(error).toBeInstanceOf(DepartmentUnavailableError);
  });

  it('treats an HTTP 200 answer with a refusal code as invalid', async () => {
    const error = await lookupAgainstCanned({ code: '1001', message: 'bad aac002', data: null });
    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
    expect((error as Error).message).toContain('code 1001');
  });

  it('answers a path without an identity number with code 1001 over HTTP 200', async () => {
    const sandbox = createSocialSecuritySandbox(sandboxSettings);
    await sandbox.start();
    const connector = createSocialSecurityConnector(connectorSettings(sandbox.url, 1));

    const error = await rejectionOf(connector.lookup(['not-a-number'], lookupContext()));
    await connector.close();
    await sandbox.stop();

    expect(error).toBeInstanceOf(DepartmentAnswerInvalidError);
  });
});

async function lookupAgainstCanned(body: unknown): Promise<unknown> {
  const canned = await startCannedServer({ body });
  const connector = createSocialSecurityConnector(connectorSettings(canned.url, 1));
  const error = await rejectionOf(connector.lookup([personNumber(1)], lookupContext()));
  await connector.close();
  await canned.stop();
  return error;
}
