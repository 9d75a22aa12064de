import type { Sandbox, SandboxSettings } from '../contract.js';
import { exchangeTableFor, type ExchangeTableOptions } from '../exchange-table.js';
import { createExchangeSandbox } from '../sandbox/exchange-sandbox.js';
import { depositAccountSnapshot } from './provident-fund.exchange.js';
import type { ProvidentFundRecords } from './provident-fund.records.js';

/** The provident fund centre publishing its deposit account snapshot. */
export function createProvidentFundSandbox(
  settings: SandboxSettings,
  options: ExchangeTableOptions = {},
): Sandbox<ProvidentFundRecords> {
  return createExchangeSandbox(settings, exchangeTableFor(depositAccountSnapshot, options));
}
