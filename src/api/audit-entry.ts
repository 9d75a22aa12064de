import type { FastifyRequest } from 'fastify';

import type { AuditEntry } from '../audit/audit.repository.js';
import { callerOf } from '../auth/authenticate.js';

/** The audit row of what the request's caller did: who and under which request id. */
export function auditEntry(
  request: FastifyRequest,
  action: string,
  target: string | null,
  areaCode: string | null,
): AuditEntry {
  const caller = callerOf(request);
  return {
    tokenId: caller.tokenId,
    actor: caller.name,
    role: caller.role,
    action,
    target,
    areaCode,
    requestId: request.id,
  };
}

/** A list's filters as the audit records them: `area=4301&item=pension`. */
export function describeFilters(filters: Record<string, string | number | undefined>): string {
  return Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('&');
}
