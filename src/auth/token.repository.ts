import { type Kysely, sql } from 'kysely';

import type { ApiTokenRow, Database, Role } from '../db/schema.js';

export interface NewToken {
  id: string;
  name: string;
  role: Role;
  area: string;
  tokenHash: string;
}

export async function insertToken(db: Kysely<Database>, token: NewToken): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      name: token.name,
      role: token.role,
      area_code: token.area,
      token_hash: token.tokenHash,
    })
    .execute();
}

export async function findActiveTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiTokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function findTokenById(
  db: Kysely<Database>,
  id: string,
): Promise<Omit<ApiTokenRow, 'token_hash'> | undefined> {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'area_code', 'created_at', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Revokes a token; returns false when no active token has that id. */
export async function revokeTokenById(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findTokens(db: Kysely<Database>): Promise<Omit<ApiTokenRow, 'token_hash'>[]> {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'area_code', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .execute();
}
