/**
 * Public-security sandbox. Protocol of the population and vehicle registers:
 *
 *   POST /population/batch-query   { requests: [{ idNumber }] }   at most 20 requests
 *   200 { results: [{ idNumber, households: [...], vehicles: [...], deaths: [...] }] }
 *
 * One result per request, in request order, each echoing the number asked.
 * A household is answered whole when the asked person is one of its members,
 * so two asked members of one household each bring it back. More than 20
 * requests is refused with 400 and `{ errorCode: 'BATCH_LIMIT_EXCEEDED', limit }`.
 */
import { z } from 'zod';

import type { SandboxSettings } from '../contract.js';
import { createHttpSandbox, type HttpSandbox, type LookupDesk } from '../sandbox/http-sandbox.js';
import { PersonIndex } from '../sandbox/person-index.js';
import {
  publicSecurityRecords,
  type PublicSecurityRecords,
  type RecordedDeath,
  type RegisteredHousehold,
  type RegisteredVehicle,
} from './public-security.records.js';

export const PUBLIC_SECURITY_MAX_BATCH = 20;

interface PopulationIndex {
  households: PersonIndex<RegisteredHousehold>;
  vehicles: PersonIndex<RegisteredVehicle>;
  deaths: PersonIndex<RecordedDeath>;
}

const batchQuery = z.object({
  requests: z.array(z.object({ idNumber: z.string() })).min(1),
});

export function createPublicSecuritySandbox(
  settings: SandboxSettings,
): HttpSandbox<PublicSecurityRecords> {
  return createHttpSandbox(
    {
      department: 'public-security',
      records: publicSecurityRecords,
      empty: () => ({ households: [], vehicles: [], deaths: [] }),
      index: indexPopulation,
      routes: registerBatchQuery,
    },
    settings,
  );
}

function indexPopulation(records: PublicSecurityRecords): PopulationIndex {
  return {
    households: new PersonIndex(records.households, (household) =>
      household.members.map((member) => member.idNumber),
    ),
    vehicles: new PersonIndex(records.vehicles, (vehicle) => [vehicle.ownerIdNumber]),
    deaths: new PersonIndex(records.deaths, (death) => [death.idNumber]),
  };
}

function registerBatchQuery(desk: LookupDesk<PopulationIndex>): void {
  desk.app.post('/population/batch-query', (request, reply) => {
    const query = batchQuery.safeParse(request.body);
    if (!query.success) {
      const detail = z.prettifyError(query.error);
      return reply.code(400).send({ errorCode: 'BAD_REQUEST', detail });
    }
    const { requests } = query.data;
    if (requests.length > PUBLIC_SECURITY_MAX_BATCH) {
      return reply
        .code(400)
        .send({ errorCode: 'BATCH_LIMIT_EXCEEDED', limit: PUBLIC_SECURITY_MAX_BATCH });
    }

    desk.noteLookup(requests.length);
    const index = desk.index();
    return { results: requests.map(({ idNumber }) => resultFor(index, idNumber)) };
  });
}

function resultFor(index: PopulationIndex, idNumber: string) {
  return {
    idNumber,
    households: index.households.find([idNumber]),
    vehicles: index.vehicles.find([idNumber]),
    deaths: index.deaths.find([idNumber]),
  };
}
