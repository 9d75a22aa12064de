import type { Department } from '../contract.js';
import { selectBy } from '../record-selection.js';
import { createSocialSecurityConnector } from './social-security.connector.js';
import { evaluateSocialSecurity } from './social-security.items.js';
import { socialSecurityRecords, type SocialSecurityRecords } from './social-security.records.js';
import { createSocialSecuritySandbox } from './social-security.sandbox.js';

export const socialSecurity: Department<SocialSecurityRecords> = {
  name: 'social-security',
  items: ['pension', 'unemployment-benefit', 'insured-wage'],
  transport: 'http',
  records: socialSecurityRecords,
  empty: () => ({ payments: [] }),
  selectFor: selectBy<SocialSecurityRecords>({ payments: (payment) => [payment.aac002] }),
  defaults: {
    batchSize: 1,
    concurrency: 16,
    ratePerSecond: 200,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createSocialSecurityConnector,
  createSandbox: createSocialSecuritySandbox,
  evaluate: evaluateSocialSecurity,
};
