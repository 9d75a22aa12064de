import type { z } from 'zod';

import { InvalidRequestError } from './errors.js';

/** Cursors are opaque to clients: base64url of the last row's keyset position. */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(schema: T, cursor: string | undefined) {
  if (cursor === undefined) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = schema.safeParse(decoded);
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through to the same answer as a cursor of the wrong shape.
  }
  throw new InvalidRequestError([
    { path: 'querystring.cursor', message: 'is not a cursor this list handed out' },
  ]);
}
