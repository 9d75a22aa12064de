import { z } from 'zod';

import { decimalString, idNumberField, yearMonthDashed } from '../record-fields.js';

/** A row of the provident fund's exchange table. */
export const providentFundRow = z.object({
  id_card: idNumberField,
  status: z.enum(['NORMAL', 'SEALED', 'CLOSED']),
  monthly_deposit: decimalString,
  balance: decimalString,
  last_deposit_month: yearMonthDashed,
});

export const providentFundRecords = z.object({
  rows: z.array(providentFundRow),
});

export type ProvidentFundRow = z.infer<typeof providentFundRow>;
export type ProvidentFundRecords = z.infer<typeof providentFundRecords>;
