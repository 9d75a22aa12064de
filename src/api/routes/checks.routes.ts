import type { FastifyRequest } from 'fastify';
import {
  type FastifyPluginCallbackZod,
  hasZodFastifySchemaValidationErrors,
} from 'fastify-type-provider-zod';
import { z } from 'zod';

import { insertAuditEvent } from '../../audit/audit.repository.js';
import { callerOf } from '../../auth/authenticate.js';
import { areaPrefixOf, type Caller } from '../../auth/caller.js';
import { type CheckScope, findCheckById } from '../../checks/check.repository.js';
import { findDiscrepanciesByCheckId } from '../../checks/discrepancy.repository.js';
import { findLookupsByCheckId } from '../../checks/lookup.repository.js';
import { findMemberNamesByCheckIds } from '../../checks/member.repository.js';
import { ReferenceReusedError, submitCheck } from '../../checks/submit-check.service.js';
import {
  type DeclaredFamily,
  declaredFamilySchema,
  isConsentProblemPath,
} from '../../domain/declared-family.js';
import type { AppDeps } from '../app.js';
import { auditEntry } from '../audit-entry.js';
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
const idCursor = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** A submitting system sees what it submitted; a caseworker everything of the area. */
function scopeOf(caller: Caller): CheckScope {
  const areaPrefix = areaPrefixOf(caller);
  return caller.role === 'submitter' ? { areaPrefix, submitter: caller.name } : { areaPrefix };
}

export interface CheckRouteOptions {
  deps: AppDeps;
  /** Members a declared family may list. */
  maxMembers: number;
}

export const checkRoutes: FastifyPluginCallbackZod<CheckRouteOptions> = (
  app,
  { deps, maxMembers },
  done,
) => {
  const family = declaredFamilySchema({
    villageExists: (code) => deps.divisions.villageExists(code),
    maxMembers,
  });

  app.post('/v1/checks', {
    config: { roles: ['submitter'] },
    // Validation runs, but the handler still sees a refusal so that one for
    // want of consent can be recorded before it is answered.
    attachValidation: true,
    schema: {
      summary: 'Submit a declared family to be checked',
      description:
        'Validates every field; a valid family is stored, then queued. ' +
        'The same declaration sent again by the same submitter returns the first check; ' +
        'a different declaration under a used reference is refused with 409. ' +
        'The submitter is the name of the token.',
      tags: ['checks'],
      security,
      body: family,
      response: { 200: checkAccepted, 202: checkAccepted, 409: errorResponse, ...errors },
    },
  }, async (request, reply) => {
    if (request.validationError) {
      await recordConsentRefusal(deps, request);
      throw request.validationError;
    }
    const body = request.body;
    requireWithinArea(callerOf(request), body);

    const stored = await submit(deps, request, body);
    reply.header('location', `/v1/checks/${stored.id}`);
    return reply.status(stored.created ? 202 : 200).send(stored.accepted);
  });

  app.get('/v1/checks/:id', {
    config: { roles: ['submitter', 'caseworker'] },
    schema: {
      summary: 'A check: its status, each department\'s state, and its members',
      description:
        'Members carry full identity numbers, names and consent evidence only for a ' +
        'caseworker of the check\'s area; a submitter sees them masked.',
      tags: ['checks'],
      security,
      params: checkParams,
      response: { 200: checkDetail, ...errors },
    },
  }, async (request) => {
    const caller = callerOf(request);
    const check = await findCheckById(deps.db, request.params.id, scopeOf(caller));
    if (!check) {
      await insertAuditEvent(
        deps.db,
        auditEntry(request, 'check.not-found', request.params.id, null),
      );
      throw new NotFoundError('check');
    }

    const lookups = await findLookupsByCheckId(deps.db, check.id);
    await insertAuditEvent(deps.db, auditEntry(request, 'check.read', check.id, check.area_code));
    return presentCheck(check, lookups, caller.role === 'caseworker' ? 'full' : 'masked');
  });

  app.get('/v1/checks/:id/discrepancies', {
    config: { roles: ['submitter', 'caseworker'] },
    schema: {
      summary: 'The discrepancies found for one check, paged by cursor; members masked',
      tags: ['discrepancies'],
      security,
      params: checkParams,
      querystring: z.strictObject(pageQuery),
      response: { 200: discrepancyPage, ...errors },
    },
  }, async (request) => {
    const check = await findCheckById(deps.db, request.params.id, scopeOf(callerOf(request)));
    if (!check) {
      await insertAuditEvent(
        deps.db,
        auditEntry(request, 'check.not-found', request.params.id, null),
      );
      throw new NotFoundError('check');
    }

    const after = decodeCursor(idCursor, request.query.cursor);
    const limit = request.query.limit;
    const rows = await findDiscrepanciesByCheckId(deps.db, check.id, {
      afterId: after?.id ?? null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const names = await findMemberNamesByCheckIds(deps.db, [check.id]);

    const action = 'check.discrepancies.list';
    await insertAuditEvent(deps.db, auditEntry(request, action, check.id, check.area_code));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => presentDiscrepancy(row, names)),
      nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null,
    };
  });
  done();
};

function requireWithinArea(caller: Caller, body: DeclaredFamily): void {
  if (body.areaCode.startsWith(areaPrefixOf(caller))) return;
  throw new ApiError(403, 'OUTSIDE_AREA', 'areaCode lies outside the area of this token', [
    { path: 'areaCode', message: `must lie within ${caller.area}` },
  ]);
}

/** Stores the family, its audit row in the same transaction; a reused reference is 409. */
async function submit(deps: AppDeps, request: FastifyRequest, body: DeclaredFamily) {
  const audit = (stored: { id: string; created: boolean }) => {
    const action = stored.created ? 'check.submitted' : 'check.resubmitted';
    return auditEntry(request, action, stored.id, body.areaCode);
  };
  const stored = await submitCheck(deps, callerOf(request).name, body, audit).catch(
    async (err: unknown) => {
      if (!(err instanceof ReferenceReusedError)) throw err;
      const refused = auditEntry(
        request,
        'submission.refused.reference',
        body.reference,
        body.areaCode,
      );
      await insertAuditEvent(deps.db, refused);
      throw new ConflictError(err.message);
    },
  );
  const check = await findCheckById(deps.db, stored.id);
  if (!check) throw new NotFoundError('check');
  const accepted = { id: check.id, reference: check.reference, status: check.status };
  return { id: check.id, created: stored.created, accepted };
}

/**
 * A family refused for missing or stale consent leaves one audit row (the
 * reference, and the area when it is a well-formed code) and nothing else.
 */
async function recordConsentRefusal(deps: AppDeps, request: FastifyRequest): Promise<void> {
  if (!isConsentRefusal(request.validationError)) return;

  const raw = (request.body ?? {}) as { reference?: unknown; areaCode?: unknown };
  const reference = wellFormed(raw.reference, /^[^\p{Cc}\p{Cs}]{1,128}$/u);
  const area = wellFormed(raw.areaCode, /^\d{12}$/);
  await insertAuditEvent(
    deps.db,
    auditEntry(request, 'submission.refused.consent', reference, area),
  );
}

function isConsentRefusal(error: unknown): boolean {
  if (!hasZodFastifySchemaValidationErrors(error)) return false;
  const paths = error.validation.map((p) => p.instancePath.split('/').filter(Boolean).join('.'));
  return paths.some(isConsentProblemPath);
}

/** A refused body's field as the audit may keep it: a string of the expected form, or null. */
function wellFormed(value: unknown, form: RegExp): string | null {
  return typeof value === 'string' && form.test(value) ? value : null;
}
