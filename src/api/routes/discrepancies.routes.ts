import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { insertAuditEvent } from '../../audit/audit.repository.js';
import { findDiscrepanciesByArea } from '../../checks/discrepancy.repository.js';
import { findMemberNamesByCheckIds } from '../../checks/member.repository.js';
import { DISCREPANCY_KINDS } from '../../domain/vocabulary.js';
import { callerOf } from '../../auth/authenticate.js';
import { scopedArea } from '../../auth/caller.js';
import type { AppDeps } from '../app.js';
import { auditEntry, describeFilters } from '../audit-entry.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { presentDiscrepancy } from '../presenters.js';
import { discrepancyPage, errorResponse, pageQuery } from '../schemas.js';

const areaCursor = z.object({ a: z.string().regex(/^\d{12}$/), i: z.string().regex(/^\d{1,18}$/) });

export const discrepancyRoutes: FastifyPluginCallbackZod<{ deps: AppDeps }> = (
  app,
  { deps },
  done,
) => {
  const items = deps.departments.flatMap((d) => d.items);
  const query = z.strictObject({
    area: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, {
        message: 'must be an area code of 2, 4, 6, 9 or 12 digits',
      })
      .refine((code) => deps.divisions.divisionExists(code), {
        message: 'is not a division of the published list',
      })
      .meta({ description: 'Area code; every family whose code starts with it is listed' }),
    item: z.enum(items as [string, ...string[]]).optional(),
    kind: z.enum(DISCREPANCY_KINDS).optional(),
    ...pageQuery,
  });

  app.get('/v1/discrepancies', {
    config: { roles: ['caseworker'] },
    schema: {
      security: [{ bearer: [] }],
      summary: 'Discrepancies of an area, filtered by item and kind, paged by cursor',
      description: 'Members are masked; the check\'s own detail shows them in full.',
      tags: ['discrepancies'],
      querystring: query,
      response: {
        200: discrepancyPage,
        400: errorResponse,
        401: errorResponse,
        403: errorResponse,
      },
    },
  }, async (request) => {
    const { area, item, kind, limit, cursor } = request.query;
    const after = decodeCursor(areaCursor, cursor);
    // The caller's scope narrows the query itself; areas outside it list nothing.
    const areaPrefix = scopedArea(area, callerOf(request));
    const target = describeFilters({ area, item, kind });
    const action = 'discrepancies.list';
    await insertAuditEvent(deps.db, auditEntry(request, action, target, areaPrefix ?? area));
    if (areaPrefix === null) return { items: [], nextCursor: null };

    const rows = await findDiscrepanciesByArea(
      deps.db,
      { areaPrefix, item, kind },
      { after: after ? { areaCode: after.a, id: after.i } : null, limit: limit + 1 },
    );

    const page = rows.slice(0, limit);
    const names = await findMemberNamesByCheckIds(deps.db, page.map((row) => row.check_id));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => presentDiscrepancy(row, names)),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ a: last.area_code, i: last.id }) : null,
    };
  });
  done();
};
