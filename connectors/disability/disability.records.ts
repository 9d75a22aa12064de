import { z } from 'zod';

import { idNumberField, isoDateField } from '../record-fields.js';

/** A row of the disabled persons' federation's exchange table. */
export const disabilityCertificateRow = z.object({
  id_no: idNumberField,
  cert_no: z.string(),
  category: z.number().int().min(1).max(7),
  grade: z.number().int().min(1).max(4),
  issued_on: isoDateField,
  valid_until: isoDateField.nullable(),
});

export const disabilityRecords = z.object({
  rows: z.array(disabilityCertificateRow),
});

export type DisabilityCertificateRow = z.infer<typeof disabilityCertificateRow>;
export type DisabilityRecords = z.infer<typeof disabilityRecords>;
