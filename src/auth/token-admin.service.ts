import type { Kysely } from 'kysely';

import { type AuditEntry, insertAuditEvent } from '../audit/audit.repository.js';
import type { ApiTokenRow, Database, Role } from '../db/schema.js';
import { type IssuedToken, issueToken } from './issue-token.service.js';
import { findTokenById, findTokens, revokeTokenById } from './token.repository.js';

/** Who changes tokens: an operator at the command line, or a caller of the API. */
export type TokenAdmin = Pick<AuditEntry, 'tokenId' | 'actor' | 'role' | 'requestId'>;

export interface TokenHolder {
  name: string;
  role: Role;
  /** A division code of any level, or CN. */
  area: string;
}

/** Issues a token and records who issued it, in one transaction. */
export async function createToken(
  db: Kysely<Database>,
  holder: TokenHolder,
  admin: TokenAdmin,
): Promise<IssuedToken> {
  return db.transaction().execute(async (trx) => {
    const issued = await issueToken(trx, holder);
    const action = 'token.created';
    await insertAuditEvent(trx, { ...admin, action, target: issued.id, areaCode: holder.area });
    return issued;
  });
}

/** Revokes an active token and records it; false when no active token has that id. */
export async function revokeToken(
  db: Kysely<Database>,
  id: string,
  admin: TokenAdmin,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const token = await findTokenById(trx, id);
    if (!token || !(await revokeTokenById(trx, id))) return false;
    const action = 'token.revoked';
    await insertAuditEvent(trx, { ...admin, action, target: id, areaCode: token.area_code });
    return true;
  });
}

/** Every token, newest last, without hashes. */
export async function listTokens(db: Kysely<Database>): Promise<Omit<ApiTokenRow, 'token_hash'>[]> {
  return findTokens(db);
}
