import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { areaPrefixOf, type Caller } from '../../auth/caller.js';
import { callerOf } from '../../auth/authenticate.js';
import { type CheckScope, findCheckById } from '../../checks/check.repository.js';
import { findDiscrepanciesByCheckId } from '../../checks/discrepancy.repository.js';
import { findLookupsByCheckId } from '../../checks/lookup.repository.js';
import { ReferenceReusedError, submitCheck } from '../../checks/submit-check.service.js';
import { declaredFamilySchema } from '../../domain/declared-family.js';
import type { AppDeps } from '../app.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError, ConflictError, NotFoundError } from '../errors.js';
import { presentCheck, presentDiscrepancy } from '../presenters.js';
import {
  checkAccepted,
  checkDetail,
  discrepancyPage,
  errorResponse,
  pageQuery,
} from '../schemas.js';

const checkParams = z.object({ id: z.uuid({ message: 'must be a check id (a UUID)' }) });
const security = [{ bearer: [] }];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

/** A submitting system sees what it submitted; a caseworker everything of the area. */
function scopeOf(caller: Caller): CheckScope {
  const areaPrefix = areaPrefixOf(caller);
  return caller.role === 'submitter' ? { areaPrefix, submitter: caller.name } : { areaPrefix };
}

export const checkRoutes: FastifyPluginCallbackZod<{ deps: AppDeps }> = (
  app,
  { deps },
  done,
) => {
  const family = declaredFamilySchema({
    villageExists: (code) => deps.divisions.villageExists(code),
  });

  app.post('/v1/checks', {
    config: { roles: ['submitter'] },
    schema: {
      summary: 'Submit a declared family to be checked',
      description:
        'Validates every field; a valid family is stored, then queued. ' +
        'The same declaration sent again by the same submitter returns the first check; ' +
        'a different declaration under a used reference is refused with 409.',
      tags: ['checks'],
      security,
      body: family,
      response: { 200: checkAccepted, 202: checkAccepted, 409: errorResponse, ...errors },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    if (!request.body.areaCode.startsWith(areaPrefixOf(caller))) {
      throw new ApiError(403, 'OUTSIDE_AREA', 'areaCode lies outside the area of this token', [
        { path: 'areaCode', message: `must lie within ${caller.area}` },
      ]);
    }

    const stored = await submitCheck(deps, caller.name, request.body).catch((err: unknown) => {
      if (err instanceof ReferenceReusedError) throw new ConflictError(err.message);
      throw err;
    });
    const check = await findCheckById(deps.db, stored.id);
    if (!check) throw new NotFoundError('check');

    reply.header('location', `/v1/checks/${check.id}`);
    return reply.status(stored.created ? 202 : 200).send({
      id: check.id,
      reference: check.reference,
      status: check.status,
    });
  });

  app.get('/v1/checks/:id', {
    config: { roles: ['submitter', 'caseworker'] },
    schema: {
      summary: 'A check: its status and each department\'s state, attempts and timing',
      tags: ['checks'],
      security,
      params: checkParams,
      response: { 200: checkDetail, ...errors },
    },
  }, async (request) => {
    const check = await findCheckById(deps.db, request.params.id, scopeOf(callerOf(request)));
    if (!check) throw new NotFoundError('check');
    return presentCheck(check, await findLookupsByCheckId(deps.db, check.id));
  });

  app.get('/v1/checks/:id/discrepancies', {
    config: { roles: ['submitter', 'caseworker'] },
    schema: {
      summary: 'The discrepancies found for one check, paged by cursor',
      tags: ['discrepancies'],
      security,
      params: checkParams,
      querystring: z.object(pageQuery),
      response: { 200: discrepancyPage, ...errors },
    },
  }, async (request) => {
    const check = await findCheckById(deps.db, request.params.id, scopeOf(callerOf(request)));
    if (!check) throw new NotFoundError('check');

    const cursor = z.object({ id: z.string().regex(/^\d{1,18}$/) });
    const after = decodeCursor(cursor, request.query.cursor);
    const limit = request.query.limit;
    const rows = await findDiscrepanciesByCheckId(deps.db, check.id, {
      afterId: after?.id ?? null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(presentDiscrepancy),
      nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null,
    };
  });
  done();
};
