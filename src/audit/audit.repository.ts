import type { Kysely } from 'kysely';

import type { AuditEventRow, Database } from '../db/schema.js';

/** One thing someone did: who, in which role, what, to what, in which area, under which request. */
export interface AuditEntry {
  tokenId: string | null;
  /** The token's name, or `cli:<user>` for the command line. */
  actor: string;
  role: string;
  action: string;
  target: string | null;
  areaCode: string | null;
  requestId: string | null;
}

/**
 * Appends one row. Callers that change something pass their transaction, so
 * the trail and the change commit or roll back together.
 */
export async function insertAuditEvent(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      token_id: entry.tokenId,
      actor: entry.actor,
      role: entry.role,
      action: entry.action,
      target: entry.target,
      area_code: entry.areaCode,
      request_id: entry.requestId,
    })
    .execute();
}

export interface AuditFilter {
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  actor?: string | undefined;
  /** Rows whose area starts with this; '' for every row, those without an area included. */
  areaPrefix: string;
}

/**
 * A page of the trail, newest first. Ids grow with every insert, so the id
 * alone is an exact keyset; timestamps would lose their microseconds in a cursor.
 */
export async function findAuditEvents(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { beforeId: string | null; limit: number },
): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(page.limit);

  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.areaPrefix !== '') {
    // A "C"-collated column of digits (or CN): '~' sorts after every character of a code.
    query = query
      .where('area_code', '>=', filter.areaPrefix)
      .where('area_code', '<', `${filter.areaPrefix}~`);
  }
  if (page.beforeId !== null) query = query.where('id', '<', page.beforeId);
  return query.execute();
}
