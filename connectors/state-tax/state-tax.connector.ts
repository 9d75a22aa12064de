import { z } from 'zod';

import type { Connector, ConnectorSettings } from '../contract.js';
import { createDepartmentClient, lookupInBatches } from '../http-client.js';
import {
  registeredBusiness,
  type StateTaxRecords,
} from './state-tax.records.js';

const taxpayersAnswer = z.array(registeredBusiness);

/** Asks the taxpayer register about up to `batchSize` persons per call, named in the query. */
export function createStateTaxConnector(settings: ConnectorSettings): Connector<StateTaxRecords> {
  const client = createDepartmentClient('state-tax', settings);

  return {
    lookup: (idNumbers, context) =>
      lookupInBatches(idNumbers, settings.batchSize, { businesses: [] }, async (batch) => {
        const ids = batch.map(encodeURIComponent).join(',');
        const path = `/taxpayers?ids=${ids}`;
        const businesses = await client.send(
          { method: 'GET', path, answer: taxpayersAnswer, persons: batch.length },
          context,
        );
        return { businesses };
      }),
    close: () => client.close(),
  };
}
