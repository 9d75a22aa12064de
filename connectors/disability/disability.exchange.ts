import type { ExchangeTable } from '../exchange-table.js';
import type { DisabilityCertificateRow } from './disability.records.js';

/**
 * The disabled persons' federation's publication: one row per certificate
 * issued, kept after it expires (`valid_until` in the past) and open-ended
 * for permanent ones (`valid_until` null).
 */
export const certificatePublication: ExchangeTable<DisabilityCertificateRow> = {
  department: 'disability',
  schema: 'dpf_exchange',
  table: 'certificate_publication',
  idColumn: 'id_no',
  columns: [
    { name: 'id_no', type: 'varchar(18) NOT NULL' },
    { name: 'cert_no', type: 'varchar(32) NOT NULL' },
    { name: 'category', type: 'smallint NOT NULL' },
    { name: 'grade', type: 'smallint NOT NULL' },
    { name: 'issued_on', type: 'date NOT NULL' },
    { name: 'valid_until', type: 'date' },
  ],
};
