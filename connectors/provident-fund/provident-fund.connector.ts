import type { Connector, ConnectorSettings } from '../contract.js';
import { createExchangeConnector } from '../exchange-client.js';
import {
  exchangeTableFor,
  qualifiedName,
  type ExchangeTable,
  type ExchangeTableOptions,
} from '../exchange-table.js';
import { depositAccountSnapshot } from './provident-fund.exchange.js';
import {
  providentFundRecords,
  type ProvidentFundRecords,
  type ProvidentFundRow,
} from './provident-fund.records.js';

/** Reads the provident fund's deposit account snapshot from the exchange database. */
export function createProvidentFundConnector(
  settings: ConnectorSettings,
  options: ExchangeTableOptions = {},
): Connector<ProvidentFundRecords> {
  const table = exchangeTableFor(depositAccountSnapshot, options);
  return createExchangeConnector(settings, {
    department: table.department,
    sql: selectDepositAccounts(table),
    records: providentFundRecords,
  });
}

/** Amounts leave the database as text with two decimals, so no float ever rounds them. */
function selectDepositAccounts(table: ExchangeTable<ProvidentFundRow>): string {
  return `
    SELECT id_card::text AS id_card,
           status::text AS status,
           round(monthly_deposit::numeric, 2)::text AS monthly_deposit,
           round(balance::numeric, 2)::text AS balance,
           last_deposit_month::text AS last_deposit_month
      FROM ${qualifiedName(table)}
     WHERE id_card = ANY($1::text[])
     ORDER BY id_card, last_deposit_month`;
}
