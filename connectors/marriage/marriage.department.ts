import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createMarriageConnector } from './marriage.connector.js';
import { evaluateMarriage } from './marriage.items.js';
import { marriageRecords, type MarriageRecords } from './marriage.records.js';
import { createMarriageSandbox } from './marriage.sandbox.js';

export const marriage: Department<MarriageRecords> = {
  name: 'marriage',
  items: ['marital-status', 'spouse'],
  transport: 'http',
  records: marriageRecords,
  empty: () => ({ records: [] }),
  selectFor: selectBy<MarriageRecords>({ records: (record) => [record.man, record.woman] }),
  defaults: {
    batchSize: 10,
    concurrency: 8,
    ratePerSecond: 100,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createMarriageConnector,
  createSandbox: createMarriageSandbox,
  evaluate: evaluateMarriage,
};
