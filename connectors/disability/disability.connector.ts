import type { Connector, ConnectorSettings } from '../contract.js';
import { createExchangeConnector } from '../exchange-client.js';
import {
  exchangeTableFor,
  qualifiedName,
  type ExchangeTable,
  type ExchangeTableOptions,
} from '../exchange-table.js';
import { certificatePublication } from './disability.exchange.js';
import {
  disabilityRecords,
  type DisabilityCertificateRow,
  type DisabilityRecords,
} from './disability.records.js';

/** Reads the disabled persons' federation's certificates from the exchange database. */
export function createDisabilityConnector(
  settings: ConnectorSettings,
  options: ExchangeTableOptions = {},
): Connector<DisabilityRecords> {
  const table = exchangeTableFor(certificatePublication, options);
  return createExchangeConnector(settings, {
    department: table.department,
    sql: selectCertificates(table),
    records: disabilityRecords,
  });
}

/** Dates leave the database as text, so no session or process time zone can move a day. */
function selectCertificates(table: ExchangeTable<DisabilityCertificateRow>): string {
  return `
    SELECT id_no::text AS id_no,
           cert_no::text AS cert_no,
           category::int AS category,
           grade::int AS grade,
           to_char(issued_on, 'YYYY-MM-DD') AS issued_on,
           to_char(valid_until, 'YYYY-MM-DD') AS valid_until
      FROM ${qualifiedName(table)}
     WHERE id_no = ANY($1::text[])
     ORDER BY id_no, issued_on, cert_no`;
}
