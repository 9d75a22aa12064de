import type { ExchangeTable } from '../exchange-table.js';
import type { ProvidentFundRow } from './provident-fund.records.js';

/**
 * The housing provident fund centre's publication: one snapshot row per
 * deposit account. `status` is free text on their side, which is why the
 * connector validates every row it reads.
 */
export const depositAccountSnapshot: ExchangeTable<ProvidentFundRow> = {
  department: 'provident-fund',
  schema: 'gjj_exchange',
  table: 'deposit_account_snapshot',
  idColumn: 'id_card',
  columns: [
    { name: 'id_card', type: 'varchar(18) NOT NULL' },
    { name: 'status', type: 'varchar(16) NOT NULL' },
    { name: 'monthly_deposit', type: 'numeric(12,2) NOT NULL' },
    { name: 'balance', type: 'numeric(12,2) NOT NULL' },
    { name: 'last_deposit_month', type: 'char(7) NOT NULL' },
  ],
};
