import { z } from 'zod';

/**
 * Field shapes shared by department records. Departments file identity
 * numbers in 18- or legacy 15-character form; connectors keep them as filed
 * and the item rules normalise them before matching.
 */
export const idNumberField = z.string().regex(/^(\d{15}|\d{17}[\dXx])$/, {
  message: 'must be a 15- or 18-character identity number',
});

export const isoDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {
  message: 'must be a date YYYY-MM-DD',
});

/** Month as `YYYYMM`. */
export const yearMonthCompact = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, {
  message: 'must be a month YYYYMM',
});

/** Month as `YYYY-MM`. */
export const yearMonthDashed = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
  message: 'must be a month YYYY-MM',
});

/** CNY as a decimal string, the way most departments hand amounts over. */
export const decimalString = z.string().regex(/^\d+(\.\d+)?$/, {
  message: 'must be a non-negative decimal string',
});
