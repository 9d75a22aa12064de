import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  type ZodTypeProvider,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { AnyDepartment } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import type { Database } from '../db/schema.js';
import type { DivisionIndex } from '../divisions/division-index.js';
import type { CheckQueues } from '../pipeline/queues.js';
import { registerAuthentication } from '../auth/authenticate.js';
import { NotFoundError, handleError } from './errors.js';
import { checkRoutes } from './routes/checks.routes.js';
import { discrepancyRoutes } from './routes/discrepancies.routes.js';
import { healthRoutes } from './routes/health.routes.js';

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
}

/**
 * The HTTP API as a Fastify instance that never listens by itself: the
 * `serve` command, the demo and the tests each decide how to reach it.
 */
export async function buildApp(deps: AppDeps, options: AppOptions = {}) {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Ids come from the request log's own counter, or from a caller's header.
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerAuthentication(app, deps.db);
  app.setNotFoundHandler((request, reply) =>
    handleError(new NotFoundError(`${request.method} ${request.url.split('?')[0]}`), request, reply),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Crosscheck',
        description: 'Declared families checked against eight departments',
        version: '1',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, { deps });
  await app.register(checkRoutes, { deps });
  await app.register(discrepancyRoutes, { deps });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
