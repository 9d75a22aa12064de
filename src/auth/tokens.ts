import { createHash, randomBytes } from 'node:crypto';

/** A new bearer token: shown to its holder once, never stored. */
export function generateToken(): string {
  return `cc_${randomBytes(32).toString('base64url')}`;
}

/** What is stored and looked up: the token's SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
