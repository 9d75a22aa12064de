import type { Sandbox, SandboxSettings } from '../contract.js';
import { exchangeTableFor, type ExchangeTableOptions } from '../exchange-table.js';
import { createExchangeSandbox } from '../sandbox/exchange-sandbox.js';
import { certificatePublication } from './disability.exchange.js';
import type { DisabilityRecords } from './disability.records.js';

/** The disabled persons' federation publishing its certificates. */
export function createDisabilitySandbox(
  settings: SandboxSettings,
  options: ExchangeTableOptions = {},
): Sandbox<DisabilityRecords> {
  return createExchangeSandbox(settings, exchangeTableFor(certificatePublication, options));
}
