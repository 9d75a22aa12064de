import { z } from 'zod';

import { decimalString, idNumberField, isoDateField } from '../record-fields.js';

export const registeredBusiness = z.object({
  taxpayerId: idNumberField,
  businessName: z.string(),
  registeredOn: isoDateField,
  deregisteredOn: isoDateField.nullable(),
  monthlyTurnover: decimalString,
});

export const stateTaxRecords = z.object({
  businesses: z.array(registeredBusiness),
});

export type RegisteredBusiness = z.infer<typeof registeredBusiness>;
export type StateTaxRecords = z.infer<typeof stateTaxRecords>;
