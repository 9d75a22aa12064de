import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createLocalTaxConnector } from './local-tax.connector.js';
import { evaluateLocalTax } from './local-tax.items.js';
import { localTaxRecords, type LocalTaxRecords } from './local-tax.records.js';
import { createLocalTaxSandbox } from './local-tax.sandbox.js';

export const localTax: Department<LocalTaxRecords> = {
  name: 'local-tax',
  items: ['taxed-wage', 'property-transaction'],
  transport: 'http',
  records: localTaxRecords,
  empty: () => ({ wageTax: [], deedTax: [] }),
  selectFor: selectBy<LocalTaxRecords>({
    wageTax: (record) => [record.idNumber],
    deedTax: (record) => [record.idNumber],
  }),
  defaults: {
    batchSize: 30,
    concurrency: 8,
    ratePerSecond: 100,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createLocalTaxConnector,
  createSandbox: createLocalTaxSandbox,
  evaluate: evaluateLocalTax,
};
