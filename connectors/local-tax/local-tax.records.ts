import { z } from 'zod';

import { decimalString, idNumberField, isoDateField, yearMonthDashed } from '../record-fields.js';

export const wageTaxRecord = z.object({
  idNumber: idNumberField,
  month: yearMonthDashed,
  gross: decimalString,
  withheld: decimalString,
});

export const deedTaxRecord = z.object({
  idNumber: idNumberField,
  paidOn: isoDateField,
  amount: decimalString,
  /** 6-digit county code of the property. */
  location: z.string(),
});

export const localTaxRecords = z.object({
  wageTax: z.array(wageTaxRecord),
  deedTax: z.array(deedTaxRecord),
});

export type WageTaxRecord = z.infer<typeof wageTaxRecord>;
export type DeedTaxRecord = z.infer<typeof deedTaxRecord>;
export type LocalTaxRecords = z.infer<typeof localTaxRecords>;
