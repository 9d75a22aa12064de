import { z } from 'zod';

import { wholeNumber } from '../config.js';

export interface BatchSettings {
  /** Bytes one uploaded batch may hold. */
  bodyLimitBytes: number;
  /** Bytes one line of a batch may hold. */
  lineLimitBytes: number;
}

/** A gibibyte holds several hundred thousand declared families of ordinary size. */
const DEFAULT_BODY_LIMIT = 1024 ** 3;

/**
 * The largest family the schema allows (30 members, 100 properties, 100
 * vehicles) stays well under this; a longer line is rejected unread.
 */
const DEFAULT_LINE_LIMIT = 256 * 1024;

const schema = z.object({
  BATCH_BODY_LIMIT_BYTES: wholeNumber(1).default(DEFAULT_BODY_LIMIT),
  BATCH_LINE_LIMIT_BYTES: wholeNumber(1).default(DEFAULT_LINE_LIMIT),
});

/** Reads the batch limits from the environment; a bad value is named in the error. */
export function loadBatchSettings(env: NodeJS.ProcessEnv = process.env): BatchSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(`invalid configuration: ${names.join('; ')}`);
  }
  return {
    bodyLimitBytes: parsed.data.BATCH_BODY_LIMIT_BYTES,
    lineLimitBytes: parsed.data.BATCH_LINE_LIMIT_BYTES,
  };
}
