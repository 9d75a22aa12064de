/**
 * State-tax sandbox. Protocol of the taxpayer register:
 *
 *   GET /taxpayers?ids=a,b,c          comma-separated, at most 100 persons
 *   200 [ { taxpayerId, businessName, registeredOn, deregisteredOn, monthlyTurnover } ]
 *
 * The answer is a bare array of the businesses registered to any asked
 * person, with the count in `X-Total-Count`. A missing or empty `ids` is
 * refused with 400; more than 100 persons with 400 and `{ message, maxIds }`.
 */
import type { SandboxSettings } from '../contract.js';
import { createHttpSandbox, type HttpSandbox, type LookupDesk } from '../sandbox/http-sandbox.js';
import { PersonIndex } from '../sandbox/person-index.js';
import {
  stateTaxRecords,
  type RegisteredBusiness,
  type StateTaxRecords,
} from './state-tax.records.js';

export const STATE_TAX_MAX_BATCH = 100;

type BusinessIndex = PersonIndex<RegisteredBusiness>;

export function createStateTaxSandbox(settings: SandboxSettings): HttpSandbox<StateTaxRecords> {
  return createHttpSandbox(
    {
      department: 'state-tax',
      records: stateTaxRecords,
      empty: () => ({ businesses: [] }),
      index: (records) => new PersonIndex(records.businesses, (business) => [business.taxpayerId]),
      routes: registerTaxpayersRoute,
    },
    settings,
  );
}

function registerTaxpayersRoute(desk: LookupDesk<BusinessIndex>): void {
  desk.app.get<{ Querystring: { ids?: string } }>('/taxpayers', (request, reply) => {
    const ids = (request.query.ids ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0) {
      return reply.code(400).send({ message: 'ids is required' });
    }
    if (ids.length > STATE_TAX_MAX_BATCH) {
      return reply.code(400).send({ message: 'too many ids', maxIds: STATE_TAX_MAX_BATCH });
    }

    desk.noteLookup(ids.length);
    const businesses = desk.index().find(ids);
    return reply.header('x-total-count', String(businesses.length)).send(businesses);
  });
}
