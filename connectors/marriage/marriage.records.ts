import { z } from 'zod';

import { idNumberField, isoDateField } from '../record-fields.js';

export const marriageRecord = z.object({
  type: z.enum(['MARRIAGE', 'DIVORCE']),
  registeredOn: isoDateField,
  /** Identity numbers; legacy rows may hold the 15-digit form. */
  man: idNumberField,
  woman: idNumberField,
});

export const marriageRecords = z.object({
  records: z.array(marriageRecord),
});

export type MarriageRecord = z.infer<typeof marriageRecord>;
export type MarriageRecords = z.infer<typeof marriageRecords>;
