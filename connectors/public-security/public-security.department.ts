import type { Department } from '../contract.js';
import { marriageRecords } from '../marriage/marriage.records.js';
import { createPublicSecurityConnector } from './public-security.connector.js';
import { evaluatePublicSecurity } from './public-security.items.js';
import { publicSecurityRecords, type PublicSecurityRecords } from './public-security.records.js';
import { createPublicSecuritySandbox } from './public-security.sandbox.js';

export const publicSecurity: Department<PublicSecurityRecords> = {
  name: 'public-security',
  items: ['vehicle', 'household-registration', 'death'],
  transport: 'http',
  // Whether a spouse the marriage registry names has died decides if a
  // declared widow or widower is consistent with a recorded marriage.
  alsoAsksAbout: {
    department: 'marriage',
    persons: (records) => {
      const parsed = marriageRecords.safeParse(records);
      return parsed.success ? parsed.data.records.flatMap((r) => [r.man, r.woman]) : [];
    },
  },
  records: publicSecurityRecords,
  empty: () => ({ households: [], vehicles: [], deaths: [] }),
  defaults: {
    batchSize: 20,
    concurrency: 16,
    ratePerSecond: 100,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createPublicSecurityConnector,
  createSandbox: createPublicSecuritySandbox,
  evaluate: evaluatePublicSecurity,
};
