import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createStateTaxConnector } from './state-tax.connector.js';
import { evaluateStateTax } from './state-tax.items.js';
import { stateTaxRecords, type StateTaxRecords } from './state-tax.records.js';
import { createStateTaxSandbox } from './state-tax.sandbox.js';

export const stateTax: Department<StateTaxRecords> = {
  name: 'state-tax',
  items: ['business'],
  transport: 'http',
  records: stateTaxRecords,
  empty: () => ({ businesses: [] }),
  selectFor: selectBy<StateTaxRecords>({ businesses: (business) => [business.taxpayerId] }),
  defaults: {
    batchSize: 100,
    concurrency: 8,
    ratePerSecond: 100,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createStateTaxConnector,
  createSandbox: createStateTaxSandbox,
  evaluate: evaluateStateTax,
};
