import { Readable } from 'node:stream';

import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { insertAuditEvent } from '../../audit/audit.repository.js';
import { areaPrefixOf } from '../../auth/caller.js';
import { callerOf } from '../../auth/authenticate.js';
import type { BatchSettings } from '../../batches/batch-settings.js';
import {
  batchProgress,
  batchReceipt,
  batchRejectionPage,
} from '../../batches/batch.schemas.js';
import {
  countBatchChecksByStatus,
  findBatchById,
  findBatchRejections,
} from '../../batches/batch.repository.js';
import { BodyTooLargeError, UploadBrokenOffError } from '../../batches/ndjson-lines.js';
import { BatchInterruptedError, submitBatch } from '../../batches/submit-batch.service.js';
import { declaredFamilySchema } from '../../domain/declared-family.js';
import type { AppDeps } from '../app.js';
import { auditEntry } from '../audit-entry.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError, NotFoundError } from '../errors.js';
import { errorResponse, pageQuery } from '../schemas.js';

export const NDJSON = 'application/x-ndjson';

const batchParams = z.object({ id: z.uuid({ message: 'must be a batch id (a UUID)' }) });
const rejectionCursor = z.object({ line: z.string().regex(/^\d{1,9}$/) });
const security = [{ bearer: [] }];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export const batchRoutes: FastifyPluginCallbackZod<{
  deps: AppDeps;
  limits: BatchSettings;
  /** Members a declared family may list, as for a single submission. */
  maxMembers: number;
}> = (app, { deps, limits, maxMembers }, done) => {
  const schema = declaredFamilySchema({
    villageExists: (code) => deps.divisions.villageExists(code),
    maxMembers,
  });
  // The body reaches the handler unread, as a stream, and is read a line at a time.
  app.addContentTypeParser(NDJSON, (_request, payload, parsed) => parsed(null, payload));

  app.post('/v1/batches', {
    bodyLimit: limits.bodyLimitBytes,
    config: { roles: ['submitter'] },
    schema: {
      summary: 'Submit many declared families at once, one JSON object per line',
      description:
        `Content type ${NDJSON}. Each line is judged on its own by the rules of ` +
        'POST /v1/checks; rejected lines are listed by line number, the others are ' +
        'stored and queued. A reference already used keeps its first declaration.',
      tags: ['batches'],
      security,
      response: { 202: batchReceipt, 413: errorResponse, 415: errorResponse, ...errors },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const body = requireStream(request.body);
    refuseDeclaredLength(request.headers['content-length'], limits.bodyLimitBytes);

    const receipt = await submitBatch(deps, {
      submitter: caller.name,
      body,
      maxBytes: limits.bodyLimitBytes,
      rules: {
        schema,
        maxLineBytes: limits.lineLimitBytes,
        area: caller.area,
        areaPrefix: areaPrefixOf(caller),
      },
      // Undefined where the request is not a socket's (an injected one).
      complete: () => request.raw.complete !== false,
      audit: (id) => auditEntry(request, 'batch.submitted', id, caller.area),
    }).catch((err: unknown) => {
      if (!(err instanceof BatchInterruptedError)) throw err;
      // The rest of the body is never read: the connection ends with this answer.
      reply.header('connection', 'close');
      reply.header('location', `/v1/batches/${err.receipt.id}`);
      throw uploadError(err);
    });

    reply.header('location', `/v1/batches/${receipt.id}`);
    return reply.status(202).send(receipt);
  });

  app.get('/v1/batches/:id', {
    config: { roles: ['submitter'] },
    schema: {
      summary: 'A batch: its lines, and its checks counted by status',
      tags: ['batches'],
      security,
      params: batchParams,
      response: { 200: batchProgress, ...errors },
    },
  }, async (request) => {
    const batch = await findBatchById(deps.db, request.params.id, callerOf(request).name);
    if (!batch) throw new NotFoundError('batch');
    await insertAuditEvent(deps.db, auditEntry(request, 'batch.read', batch.id, batch.area_code));

    const checks = await countBatchChecksByStatus(deps.db, batch.id);
    const { id, status, lines, accepted, repeated, rejected } = batch;
    return {
      id, status, lines, accepted, repeated, rejected, checks,
      createdAt: batch.created_at.toISOString(),
    };
  });

  app.get('/v1/batches/:id/rejections', {
    config: { roles: ['submitter'] },
    schema: {
      summary: 'The rejected lines of a batch, in line order, paged by cursor',
      tags: ['batches'],
      security,
      params: batchParams,
      querystring: z.strictObject(pageQuery),
      response: { 200: batchRejectionPage, ...errors },
    },
  }, async (request) => {
    const batch = await findBatchById(deps.db, request.params.id, callerOf(request).name);
    if (!batch) throw new NotFoundError('batch');
    await insertAuditEvent(deps.db, auditEntry(request, 'batch.read', batch.id, batch.area_code));

    const after = decodeCursor(rejectionCursor, request.query.cursor);
    const limit = request.query.limit;
    const rows = await findBatchRejections(deps.db, batch.id, {
      afterLine: after ? Number(after.line) : null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: rows.length > limit && last ? encodeCursor({ line: String(last.line) }) : null,
    };
  });
  done();
};

function requireStream(body: unknown): Readable {
  if (body instanceof Readable) return body;
  throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `a batch must be sent as ${NDJSON}`);
}

/** A body announced larger than the limit is refused before anything is stored. */
function refuseDeclaredLength(header: string | undefined, limit: number): void {
  if (header !== undefined && Number(header) > limit) {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `body is larger than ${limit} bytes`);
  }
}

/**
 * The upload's failures as the API's errors, naming the batch that keeps
 * the lines read before them; anything else is left to the error handler.
 */
function uploadError(err: BatchInterruptedError): unknown {
  const { cause, receipt } = err;
  const kept = `the ${receipt.lines} lines before it were kept in batch ${receipt.id} ` +
    `(${receipt.accepted} accepted, ${receipt.rejected} rejected)`;
  if (cause instanceof BodyTooLargeError) {
    return new ApiError(413, 'PAYLOAD_TOO_LARGE', `${cause.message}; ${kept}`);
  }
  const brokenOff = cause instanceof UploadBrokenOffError ||
    (cause instanceof Error && 'code' in cause && cause.code === 'ECONNRESET');
  if (brokenOff) {
    return new ApiError(400, 'UPLOAD_INTERRUPTED', `the upload broke off; ${kept}`);
  }
  return cause;
}
