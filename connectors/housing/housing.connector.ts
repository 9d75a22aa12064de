import { z } from 'zod';

import type { Connector, ConnectorSettings } from '../contract.js';
import { createDepartmentClient, lookupInBatches } from '../http-client.js';
import { housingRecords, type HousingRecords } from './housing.records.js';

const holdingsAnswer = z.object({
  result: housingRecords,
  asOf: z.string(),
});

/** Asks the housing registry for the holdings of up to `batchSize` persons per call. */
export function createHousingConnector(settings: ConnectorSettings): Connector<HousingRecords> {
  const client = createDepartmentClient('housing', settings);
  const empty: HousingRecords = { properties: [], subsidies: [] };

  return {
    lookup: (idNumbers, context) =>
      lookupInBatches(idNumbers, settings.batchSize, empty, async (batch) => {
        const answer = await client.send(
          {
            method: 'POST',
            path: '/registry/v2/holdings/query',
            body: { idNumbers: batch },
            answer: holdingsAnswer,
            persons: batch.length,
          },
          context,
        );
        return answer.result;
      }),
    close: () => client.close(),
  };
}
