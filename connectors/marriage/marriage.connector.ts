import { z } from 'zod';

import type { Connector, ConnectorSettings } from '../contract.js';
import { DepartmentAnswerInvalidError } from '../errors.js';
import { createDepartmentClient, lookupInBatches } from '../http-client.js';
import { marriageRecord, type MarriageRecords } from './marriage.records.js';

const DEPARTMENT = 'marriage';

const searchAnswer = z.object({
  total: z.number().int().nonnegative(),
  records: z.array(marriageRecord),
});

/**
 * Asks the marriage register about up to `batchSize` persons per call. A
 * couple asked about in two batches comes back twice and is kept once.
 */
export function createMarriageConnector(settings: ConnectorSettings): Connector<MarriageRecords> {
  const client = createDepartmentClient(DEPARTMENT, settings);

  return {
    lookup: (idNumbers, context) =>
      lookupInBatches(idNumbers, settings.batchSize, { records: [] }, async (batch) => {
        const answer = await client.send(
          {
            method: 'POST',
            path: '/marriage/v1/records/search',
            body: { ids: batch },
            answer: searchAnswer,
            persons: batch.length,
          },
          context,
        );
        requireCompleteAnswer(answer);
        return { records: answer.records };
      }),
    close: () => client.close(),
  };
}

/** The register has no paging: a total above the records sent means records were cut off. */
function requireCompleteAnswer(answer: z.infer<typeof searchAnswer>): void {
  if (answer.total === answer.records.length) return;
  throw new DepartmentAnswerInvalidError(
    DEPARTMENT,
    `total: ${answer.total} records announced, ${answer.records.length} sent`,
  );
}
