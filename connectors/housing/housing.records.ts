import { z } from 'zod';

import { decimalString, idNumberField, isoDateField } from '../record-fields.js';

export const housingProperty = z.object({
  certificateNo: z.string(),
  owners: z.array(idNumberField),
  /** Floor area in m² as a decimal string. */
  floorArea: decimalString,
  /** 6-digit county code where the property lies. */
  location: z.string().regex(/^\d{6}$/),
  status: z.enum(['REGISTERED', 'CANCELLED']),
  registeredOn: isoDateField,
});

export const housingSubsidy = z.object({
  idNumber: idNumberField,
  scheme: z.enum(['PUBLIC_RENTAL', 'RENT_SUBSIDY']),
  monthlyAmount: decimalString,
  startOn: isoDateField,
  endOn: isoDateField.nullable(),
});

export const housingRecords = z.object({
  properties: z.array(housingProperty),
  subsidies: z.array(housingSubsidy),
});

export type HousingProperty = z.infer<typeof housingProperty>;
export type HousingSubsidy = z.infer<typeof housingSubsidy>;
export type HousingRecords = z.infer<typeof housingRecords>;
