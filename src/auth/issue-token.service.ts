import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { Database, Role } from '../db/schema.js';
import { insertToken } from './token.repository.js';
import { generateToken, hashToken } from './tokens.js';

export interface IssuedToken {
  id: string;
  /** The bearer token itself; only its hash is kept. */
  token: string;
}

/** Creates a token for a holder, a role and an area; the token is returned once. */
export async function issueToken(
  db: Kysely<Database>,
  holder: { name: string; role: Role; area: string },
): Promise<IssuedToken> {
  const id = randomUUID();
  const token = generateToken();
  await insertToken(db, { id, ...holder, tokenHash: hashToken(token) });
  return { id, token };
}
