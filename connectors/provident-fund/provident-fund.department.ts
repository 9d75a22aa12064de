import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createProvidentFundConnector } from './provident-fund.connector.js';
import { evaluateProvidentFund } from './provident-fund.items.js';
import { providentFundRecords, type ProvidentFundRecords } from './provident-fund.records.js';
import { createProvidentFundSandbox } from './provident-fund.sandbox.js';

export const providentFund: Department<ProvidentFundRecords> = {
  name: 'provident-fund',
  items: ['provident-fund'],
  transport: 'exchange',
  records: providentFundRecords,
  empty: () => ({ rows: [] }),
  selectFor: selectBy<ProvidentFundRecords>({ rows: (row) => [row.id_card] }),
  defaults: {
    batchSize: 500,
    concurrency: 4,
    ratePerSecond: null,
    timeoutMs: 10000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createProvidentFundConnector,
  createSandbox: createProvidentFundSandbox,
  evaluate: evaluateProvidentFund,
};
