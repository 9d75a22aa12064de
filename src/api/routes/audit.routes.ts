import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { findAuditEvents, insertAuditEvent } from '../../audit/audit.repository.js';
import { callerOf } from '../../auth/authenticate.js';
import { areaPrefixOf, scopedArea } from '../../auth/caller.js';
import type { AppDeps } from '../app.js';
import { auditEntry, describeFilters } from '../audit-entry.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { presentAuditEvent } from '../presenters.js';
import { auditPage, errorResponse, pageQuery } from '../schemas.js';

const auditCursor = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** A day (midnight UTC) or an instant with its offset. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    message: 'must be a date (YYYY-MM-DD) or a date-time with offset',
  })
  .transform((value) => new Date(value));

const query = z.strictObject({
  from: instant.optional().meta({ description: 'Earliest time, inclusive' }),
  to: instant.optional().meta({ description: 'Latest time, exclusive' }),
  actor: z.string().min(1).max(128).optional().meta({ description: 'Token name' }),
  area: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, {
      message: 'must be an area code of 2, 4, 6, 9 or 12 digits',
    })
    .optional(),
  ...pageQuery,
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ['to'],
  message: 'must not be before from',
});

export const auditRoutes: FastifyPluginCallbackZod<{ deps: AppDeps }> = (app, { deps }, done) => {
  app.get('/v1/audit', {
    config: { roles: ['operator'] },
    schema: {
      summary: 'The audit trail, newest first, paged by cursor',
      description:
        'Who did what, to which check, list or token, in which area, under which request. ' +
        'Holds no names or identity numbers of families.',
      tags: ['operations'],
      security: [{ bearer: [] }],
      querystring: query,
      response: { 200: auditPage, 400: errorResponse, 401: errorResponse, 403: errorResponse },
    },
  }, async (request) => {
    const { from, to, actor, area, cursor, limit } = request.query;
    const before = decodeCursor(auditCursor, cursor);
    const caller = callerOf(request);
    // An operator of an area sees the trail of that area; one of CN sees every row.
    const areaPrefix = area ? scopedArea(area, caller) : areaPrefixOf(caller);

    const filters = { from: from?.toISOString(), to: to?.toISOString(), actor, area };
    const target = describeFilters(filters);
    await insertAuditEvent(deps.db, auditEntry(request, 'audit.list', target, areaPrefix || null));
    if (areaPrefix === null) return { items: [], nextCursor: null };

    const rows = await findAuditEvents(
      deps.db,
      { from, to, actor, areaPrefix },
      { beforeId: before?.id ?? null, limit: limit + 1 },
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(presentAuditEvent),
      nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null,
    };
  });
  done();
};
