import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyTypeProvider,
  type RawServerDefault,
} from 'fastify';
import {
  type ZodTypeProvider,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import type { Config, DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import type { DivisionIndex } from '../divisions/division-index.js';
import type { CheckQueues } from '../pipeline/queues.js';
import { registerAuthentication } from '../auth/authenticate.js';
import { type BatchSettings, loadBatchSettings } from '../batches/batch-settings.js';
import { DEFAULT_MAX_MEMBERS } from '../domain/declared-family.js';
import { ApiError, NotFoundError, handleError } from './errors.js';
import { auditRoutes } from './routes/audit.routes.js';
import { batchRoutes } from './routes/batches.routes.js';
import { checkRoutes } from './routes/checks.routes.js';
import { discrepancyRoutes } from './routes/discrepancies.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { queueRoutes } from './routes/queues.routes.js';

export interface AppDeps {
  db: Kysely<Database>;
  queues: CheckQueues;
  divisions: DivisionIndex;
  departments: readonly AnyDepartment[];
  settings: Record<string, DepartmentSettings>;
  logger: Logger;
}

export interface AppOptions {
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Limits of POST /v1/batches; read from the environment when not given. */
  batches?: BatchSettings;
  /** Members a declared family may list. */
  maxMembers?: number;
  /** Requests a token may make per minute; null for no limit. */
  rateLimitPerMinute?: number | null;
}

/** The API's limits as the configuration sets them. */
export function appOptionsFrom(config: Config): AppOptions {
  return {
    bodyLimit: config.bodyLimitBytes,
    maxMembers: config.maxMembers,
    rateLimitPerMinute: config.rateLimitPerMinute,
  };
}

const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** A caller's request id is kept only if short and plain: it goes into logs and the audit. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies must be valid UTF-8: bytes that are not would otherwise be
 * stored as replacement characters in a name. The text then goes through
 * Fastify's own parser, which also refuses prototype keys.
 */
function acceptOnlyWellFormedJson<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = STRICT_UTF8.decode(body as Buffer);
    } catch {
      const error = new ApiError(400, 'INVALID_ENCODING', 'body is not valid UTF-8');
      done(error, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}

/**
 * The HTTP API as a Fastify instance that never listens by itself: the
 * `serve` command, the demo and the tests each decide how to reach it.
 */
export async function buildApp(deps: AppDeps, options: AppOptions = {}) {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Ids are a caller's x-request-id when it is well-formed, else a fresh UUID.
    requestIdHeader: false,
    genReqId: requestIdOf,
  }).withTypeProvider<ZodTypeProvider>();

  acceptOnlyWellFormedJson(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerAuthentication(app, deps.db);
  app.setNotFoundHandler((request, reply) =>
    handleError(
      new NotFoundError(`${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    ),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Crosscheck',
        description: 'Declared families checked against the departments that hold their records',
        version: '1',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  if (options.rateLimitPerMinute !== null) {
    await app.register(rateLimit, rateLimitOptions(options.rateLimitPerMinute));
  }

  await app.register(healthRoutes, { deps });
  await app.register(checkRoutes, { deps, maxMembers: options.maxMembers ?? DEFAULT_MAX_MEMBERS });
  await app.register(discrepancyRoutes, { deps });
  await app.register(batchRoutes, {
    deps,
    limits: options.batches ?? loadBatchSettings(),
    maxMembers: options.maxMembers ?? DEFAULT_MAX_MEMBERS,
  });
  await app.register(auditRoutes, { deps });
  await app.register(queueRoutes, { deps });
  return app;
}

/**
 * Per token, on routes that name their roles; it runs after authentication,
 * so the token is known. Counts are kept in this process.
 */
function rateLimitOptions(perMinute: number | undefined): RateLimitPluginOptions {
  return {
    max: perMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (request) => !request.routeOptions.config.roles,
    keyGenerator: (request) => request.caller?.tokenId ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        429,
        'RATE_LIMITED',
        `too many requests from this token; retry in ${context.after}`,
      ),
  };
}

export type App = Awaited<ReturnType<typeof buildApp>>;
