import type { Role } from '../db/schema.js';

export const ROLES = ['submitter', 'caseworker', 'operator'] as const satisfies readonly Role[];

/** Who is asking: the token's holder, its role and the area it may see. */
export interface Caller {
  tokenId: string;
  /** The holder's name; for a submitter, the submitting system. */
  name: string;
  role: Role;
  /** The token's area as stored: a division code, or CN for the whole country. */
  area: string;
}

/** The prefix every area code in the caller's scope starts with ('' for the whole country). */
export function areaPrefixOf(caller: Pick<Caller, 'area'>): string {
  return caller.area === 'CN' ? '' : caller.area;
}

/**
 * The narrower of a requested area and the caller's scope, or null when the
 * two do not overlap and nothing may be shown.
 */
export function scopedArea(requested: string, caller: Pick<Caller, 'area'>): string | null {
  const scope = areaPrefixOf(caller);
  if (requested.startsWith(scope)) return requested;
  if (scope.startsWith(requested)) return scope;
  return null;
}
