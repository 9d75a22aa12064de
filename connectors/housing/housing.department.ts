import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createHousingConnector } from './housing.connector.js';
import { evaluateHousing } from './housing.items.js';
import { housingRecords, type HousingRecords } from './housing.records.js';
import { createHousingSandbox } from './housing.sandbox.js';

export const housing: Department<HousingRecords> = {
  name: 'housing',
  items: ['real-estate', 'housing-subsidy'],
  transport: 'http',
  records: housingRecords,
  empty: () => ({ properties: [], subsidies: [] }),
  selectFor: selectBy<HousingRecords>({
    properties: (property) => property.owners,
    subsidies: (subsidy) => [subsidy.idNumber],
  }),
  defaults: {
    batchSize: 50,
    concurrency: 8,
    ratePerSecond: 100,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createHousingConnector,
  createSandbox: createHousingSandbox,
  evaluate: evaluateHousing,
};
