import type { SandboxFaults } from '../../connectors/contract.js';

/**
 * How the departments behave in the demo: each answers at its own pace,
 * some fail now and then, one limits how often it may be asked. The demo's
 * retries and rate limiting are real, not staged.
 */
export const DEMO_FAULTS: Record<string, Partial<SandboxFaults>> = {
  'social-security': { latencyMs: 8, errorRate: 0.02, ratePerSecond: 400 },
  housing: { latencyMs: 25, errorRate: 0.01 },
  'public-security': { latencyMs: 40, errorRate: 0.01 },
  'provident-fund': { latencyMs: 5 },
  'state-tax': { latencyMs: 15 },
  'local-tax': { latencyMs: 20, errorRate: 0.02 },
  disability: { latencyMs: 5 },
  marriage: { latencyMs: 30, errorRate: 0.03 },
};
