/**
 * Housing sandbox. Protocol of the real-estate and housing-security registry:
 *
 *   POST /registry/v2/holdings/query   { idNumbers: [...] }   at most 50 persons
 *   200 { result: { properties: [...], subsidies: [...] }, asOf: 'YYYY-MM-DD' }
 *
 * A property is answered when any asked person is among its owners. More than
 * 50 persons is refused with 413 and `{ error: 'BATCH_TOO_LARGE', max }`; a body
 * without persons with 400.
 */
import { z } from 'zod';

import type { SandboxSettings } from '../contract.js';
import { createHttpSandbox, type HttpSandbox, type LookupDesk } from '../sandbox/http-sandbox.js';
import { PersonIndex } from '../sandbox/person-index.js';
import {
  housingRecords,
  type HousingProperty,
  type HousingRecords,
  type HousingSubsidy,
} from './housing.records.js';

export const HOUSING_MAX_BATCH = 50;

interface HoldingsIndex {
  properties: PersonIndex<HousingProperty>;
  subsidies: PersonIndex<HousingSubsidy>;
}

const holdingsQuery = z.object({ idNumbers: z.array(z.string()).min(1) });

export function createHousingSandbox(settings: SandboxSettings): HttpSandbox<HousingRecords> {
  return createHttpSandbox(
    {
      department: 'housing',
      records: housingRecords,
      empty: () => ({ properties: [], subsidies: [] }),
      index: (records) => ({
        properties: new PersonIndex(records.properties, (property) => property.owners),
        subsidies: new PersonIndex(records.subsidies, (subsidy) => [subsidy.idNumber]),
      }),
      routes: registerHoldingsQuery,
    },
    settings,
  );
}

function registerHoldingsQuery(desk: LookupDesk<HoldingsIndex>): void {
  desk.app.post('/registry/v2/holdings/query', (request, reply) => {
    const query = holdingsQuery.safeParse(request.body);
    if (!query.success) {
      return reply.code(400).send({ error: 'BAD_QUERY', detail: z.prettifyError(query.error) });
    }
    const { idNumbers } = query.data;
    if (idNumbers.length > HOUSING_MAX_BATCH) {
      return reply.code(413).send({ error: 'BATCH_TOO_LARGE', max: HOUSING_MAX_BATCH });
    }

    desk.noteLookup(idNumbers.length);
    const index = desk.index();
    const result = {
      properties: index.properties.find(idNumbers),
      subsidies: index.subsidies.find(idNumbers),
    };
    return { result, asOf: new Date().toISOString().slice(0, 10) };
  });
}
