import type { IncomingMessage, ServerResponse } from 'node:http';

import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  FastifyTypeProvider,
  RawServerDefault,
} from 'fastify';
import type { Kysely } from 'kysely';

import { ApiError } from '../api/errors.js';
import type { Database, Role } from '../db/schema.js';
import type { Caller } from './caller.js';
import { findActiveTokenByHash } from './token.repository.js';
import { hashToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles that may call the route; a route without it needs no token. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const BEARER = /^Bearer (\S+)$/;

/**
 * Every route that names its roles needs `Authorization: Bearer <token>`
 * of an active token with one of them. A missing or unknown token is 401, a
 * known token of another role 403.
 */
export function registerAuthentication<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
  db: Kysely<Database>,
): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;

    const caller = await authenticate(db, request);
    if (!roles.includes(caller.role)) {
      const article = /^[aeiou]/.test(caller.role) ? 'an' : 'a';
      throw new ApiError(
        403, 'FORBIDDEN', `${article} ${caller.role} token may not call this route`,
      );
    }
    request.caller = caller;
  });
}

async function authenticate(db: Kysely<Database>, request: FastifyRequest): Promise<Caller> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match?.[1]) {
    throw new ApiError(401, 'UNAUTHENTICATED', 'authorization must be "Bearer <token>"');
  }
  const row = await findActiveTokenByHash(db, hashToken(match[1]));
  if (!row) throw new ApiError(401, 'UNAUTHENTICATED', 'token is unknown or revoked');
  return { tokenId: row.id, name: row.name, role: row.role, area: row.area_code };
}

/** The caller of a route that names its roles; set by the hook before any handler runs. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new ApiError(401, 'UNAUTHENTICATED', 'no token was checked');
  return request.caller;
}
