import { z } from 'zod';

import { idNumberField, yearMonthCompact } from '../record-fields.js';

/** A payment or contribution as the social-security system files it. */
export const socialSecurityPayment = z.object({
  aac002: idNumberField,
  aac003: z.string(),
  type: z.enum(['PENSION', 'UNEMPLOYMENT', 'CONTRIBUTION']),
  period: yearMonthCompact,
  /** Fen; for CONTRIBUTION it is the monthly contribution wage base. */
  amountFen: z.number().int().nonnegative(),
});

export const socialSecurityRecords = z.object({
  payments: z.array(socialSecurityPayment),
});

export type SocialSecurityPayment = z.infer<typeof socialSecurityPayment>;
export type SocialSecurityRecords = z.infer<typeof socialSecurityRecords>;

