import { z } from 'zod';

import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import type { Connector, ConnectorSettings, LookupContext } from '../contract.js';
import { DepartmentAnswerInvalidError } from '../errors.js';
import { createDepartmentClient, lookupInBatches, mergeRecords } from '../http-client.js';
import {
  publicSecurityRecords,
  type PublicSecurityRecords,
} from './public-security.records.js';

const DEPARTMENT = 'public-security';

const batchAnswer = z.object({
  results: z.array(publicSecurityRecords.extend({ idNumber: z.string() })),
});

const empty = (): PublicSecurityRecords => ({ households: [], vehicles: [], deaths: [] });

/**
 * Asks the population register about up to `batchSize` persons per call. It
 * answers person by person, so a household holding two asked persons comes
 * back twice and is kept once.
 */
export function createPublicSecurityConnector(
  settings: ConnectorSettings,
): Connector<PublicSecurityRecords> {
  const client = createDepartmentClient(DEPARTMENT, settings);
  const ask = (idNumbers: readonly string[], context: LookupContext) =>
    lookupInBatches(idNumbers, settings.batchSize, empty(), async (batch) => {
      const answer = await client.send(
        {
          method: 'POST',
          path: '/population/batch-query',
          body: { requests: batch.map((idNumber) => ({ idNumber })) },
          answer: batchAnswer,
          persons: batch.length,
        },
        context,
      );
      requireOneResultEach(batch, answer.results.length);
      return mergeRecords(empty(), answer.results.map(recordsOf));
    });

  return {
    lookup: async (idNumbers, context) => {
      const first = await ask(idNumbers, context);
      // Whether the others registered in a household have died is asked in a
      // second round: only a person's own record says so.
      const others = householdMembersNotAsked(first, idNumbers);
      if (others.length === 0) return first;
      return mergeRecords(empty(), [first, await ask(others, context)]);
    },
    close: () => client.close(),
  };
}

function householdMembersNotAsked(
  records: PublicSecurityRecords,
  asked: readonly string[],
): string[] {
  const known = new Set(asked.map(normaliseIdentityNumber));
  const others = records.households
    .flatMap((household) => household.members.map((m) => normaliseIdentityNumber(m.idNumber)))
    .filter((idNumber) => !known.has(idNumber));
  return [...new Set(others)];
}

/** A result missing for an asked person would read as "holds nothing" where it knows nothing. */
function requireOneResultEach(batch: readonly string[], results: number): void {
  if (results === batch.length) return;
  throw new DepartmentAnswerInvalidError(
    DEPARTMENT,
    `results: ${results} results for ${batch.length} requests`,
  );
}

function recordsOf(result: z.infer<typeof batchAnswer>['results'][number]): PublicSecurityRecords {
  return { households: result.households, vehicles: result.vehicles, deaths: result.deaths };
}
