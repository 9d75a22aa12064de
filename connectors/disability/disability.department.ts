import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createDisabilityConnector } from './disability.connector.js';
import { evaluateDisability } from './disability.items.js';
import { disabilityRecords, type DisabilityRecords } from './disability.records.js';
import { createDisabilitySandbox } from './disability.sandbox.js';

export const disability: Department<DisabilityRecords> = {
  name: 'disability',
  items: ['disability'],
  transport: 'exchange',
  records: disabilityRecords,
  empty: () => ({ rows: [] }),
  selectFor: selectBy<DisabilityRecords>({ rows: (row) => [row.id_no] }),
  defaults: {
    batchSize: 500,
    concurrency: 4,
    ratePerSecond: null,
    timeoutMs: 10000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createDisabilityConnector,
  createSandbox: createDisabilitySandbox,
  evaluate: evaluateDisability,
};
