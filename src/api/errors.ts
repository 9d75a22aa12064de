import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

import { isDependencyUnavailable } from '../runtime/dependency-failure.js';

/** One problem with a request, named by where it is and why. */
export interface Problem {
  path: string;
  message: string;
}

/** An error with a stable code that the API turns into a response of the same shape. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, 'CONFLICT', message);
  }
}

/**
 * PostgreSQL or Redis did not answer. Sending the request again is safe: a
 * submission repeated by its submitter returns the first check.
 */
export class DependencyUnavailableError extends ApiError {
  constructor() {
    super(503, 'DEPENDENCY_UNAVAILABLE', 'a service Crosscheck depends on is unavailable; retry');
  }
}

export class InvalidRequestError extends ApiError {
  constructor(problems: Problem[]) {
    super(400, 'INVALID_REQUEST', summarise(problems), problems);
  }
}

function summarise(problems: Problem[]): string {
  const first = problems[0];
  if (!first) return 'request is invalid';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.path} ${first.message}${more}`;
}

/** Turns `/members/1/idNumber` into `members.1.idNumber`, prefixed by the part of the request. */
function problemPath(context: string | undefined, instancePath: string): string {
  const inner = instancePath.split('/').filter(Boolean).join('.');
  if (context === 'body') return inner || 'body';
  return [context, inner].filter(Boolean).join('.');
}

/**
 * The one error handler: every failure leaves as
 * `{ error: { code, message, problems } }`. 4xx name the field and the
 * reason; 5xx say nothing of the cause, which goes to the log.
 */
export function handleError(
  error: FastifyError | ApiError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiError) return send(reply, error);

  if (hasZodFastifySchemaValidationErrors(error)) {
    const problems = error.validation.flatMap((issue) => {
      const unknown = issue.keyword === 'unrecognized_keys' ? issue.params.keys : undefined;
      // Each unknown field is named where it stands, so a caller sees which of its own was ignored.
      if (Array.isArray(unknown)) {
        return unknown.map((key) => ({
          path: problemPath(error.validationContext, `${issue.instancePath}/${String(key)}`),
          message: 'is not a known field',
        }));
      }
      return [{
        path: problemPath(error.validationContext, issue.instancePath),
        message: issue.message ?? 'is invalid',
      }];
    });
    return send(reply, new InvalidRequestError(problems));
  }

  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return send(reply, new InvalidRequestError([{ path: 'body', message: 'is empty' }]));
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = error.code ?? 'BAD_REQUEST';
    return send(reply, new ApiError(status, code, error.message));
  }

  if (isDependencyUnavailable(error)) {
    // PostgreSQL or Redis is out of reach: the caller may try again, nothing is broken here.
    request.log.warn({ err: error }, 'dependency unavailable');
    return send(reply, new DependencyUnavailableError());
  }

  request.log.error({ err: error }, 'request failed');
  return send(reply, new ApiError(500, 'INTERNAL', 'internal error'));
}

function send(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.status(error.statusCode).send({
    error: { code: error.code, message: error.message, problems: error.problems },
  });
}
