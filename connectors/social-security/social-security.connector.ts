import { z } from 'zod';

import type { Connector, ConnectorSettings, LookupContext } from '../contract.js';
import { DepartmentAnswerInvalidError, DepartmentUnavailableError } from '../errors.js';
import {
  createDepartmentClient,
  lookupInBatches,
  parseAnswer,
  type DepartmentClient,
} from '../http-client.js';
import {
  socialSecurityRecords,
  type SocialSecurityRecords,
} from './social-security.records.js';

const DEPARTMENT = 'social-security';

/** The envelope every answer comes in, even failures reported as HTTP 200. */
const envelope = z.object({
  code: z.string(),
  message: z.string().optional(),
  data: z.unknown(),
});

/**
 * Asks social security about one person per call, whatever batch size the
 * settings name: the department's path holds a single `aac002`.
 */
export function createSocialSecurityConnector(
  settings: ConnectorSettings,
): Connector<SocialSecurityRecords> {
  const client = createDepartmentClient(DEPARTMENT, settings);

  return {
    lookup: (idNumbers, context) =>
      lookupInBatches(idNumbers, 1, { payments: [] }, ([idNumber]) =>
        askPerson(client, idNumber ?? '', context),
      ),
    close: () => client.close(),
  };
}

async function askPerson(
  client: DepartmentClient,
  idNumber: string,
  context: LookupContext,
): Promise<SocialSecurityRecords> {
  const answer = await client.send(
    {
      method: 'GET',
      path: `/si/v1/persons/${encodeURIComponent(idNumber)}/payments`,
      answer: envelope,
      persons: 1,
    },
    context,
  );

  refuseFailureCode(answer.code);
  return parseAnswer(DEPARTMENT, socialSecurityRecords, answer.data, ['data']);
}

/**
 * The department reports some failures as HTTP 200 with a code other than
 * '0000': codes from '9' on are its own trouble and pass, others mean it
 * refused what we asked.
 */
function refuseFailureCode(code: string): void {
  if (code === '0000') return;
  if (code.startsWith('9')) {
    throw new DepartmentUnavailableError(DEPARTMENT, `answered code ${code}`);
  }
  throw new DepartmentAnswerInvalidError(DEPARTMENT, `refused our request with code ${code}`);
}
