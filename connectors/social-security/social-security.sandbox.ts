/**
 * Social-security sandbox. Protocol of the real system:
 *
 *   GET /si/v1/persons/{aac002}/payments          one person per call
 *   200 { code: '0000', message, data: { payments: [...] } }
 *
 * Its gateway wraps everything in that envelope and is known for reporting
 * failures as HTTP 200 with another code: '1001' for a path that holds no
 * identity number, '9999' when it is overloaded (how it answers most of its
 * 503s). Several persons in one path are refused with 400 and code '1002'.
 */
import type { SandboxSettings } from '../contract.js';
import { createHttpSandbox, type HttpSandbox, type LookupDesk } from '../sandbox/http-sandbox.js';
import { PersonIndex } from '../sandbox/person-index.js';
import type { ServerErrorStatus } from '../sandbox/fault-model.js';
import {
  socialSecurityRecords,
  type SocialSecurityPayment,
  type SocialSecurityRecords,
} from './social-security.records.js';

/** The department answers about one person per call. */
export const SOCIAL_SECURITY_MAX_BATCH = 1;

export const SUCCESS_CODE = '0000';

type PaymentIndex = PersonIndex<SocialSecurityPayment>;

export function createSocialSecuritySandbox(
  settings: SandboxSettings,
): HttpSandbox<SocialSecurityRecords> {
  return createHttpSandbox(
    {
      department: 'social-security',
      records: socialSecurityRecords,
      empty: () => ({ payments: [] }),
      index: (records) => new PersonIndex(records.payments, (payment) => [payment.aac002]),
      routes: registerPaymentsRoute,
      serverError: envelopedServerError,
    },
    settings,
  );
}

function registerPaymentsRoute(desk: LookupDesk<PaymentIndex>): void {
  desk.app.get<{ Params: { aac002: string } }>(
    '/si/v1/persons/:aac002/payments',
    (request, reply) => {
      const { aac002 } = request.params;
      if (aac002.includes(',')) {
        return reply.code(400).send({ code: '1002', message: 'one person per call' });
      }
      if (!/^(\d{15}|\d{17}[\dXx])$/.test(aac002)) {
        return { code: '1001', message: 'aac002 is not an identity number', data: null };
      }

      desk.noteLookup(1);
      const payments = desk.index().find([aac002]);
      return { code: SUCCESS_CODE, message: 'success', data: { payments } };
    },
  );
}

function envelopedServerError(status: ServerErrorStatus): { status: number; body: unknown } {
  if (status === 503) {
    return { status: 200, body: { code: '9999', message: 'system busy', data: null } };
  }
  return { status, body: { code: '9000', message: 'internal error', data: null } };
}
