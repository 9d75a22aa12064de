import { sql } from 'kysely';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDeps } from '../app.js';

/** A dependency that does not answer within this long counts as down. */
const PROBE_TIMEOUT_MS = 1000;

const readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  database: z.enum(['up', 'down']),
  redis: z.enum(['up', 'down']),
});

export const healthRoutes: FastifyPluginCallbackZod<{ deps: AppDeps }> = (
  app,
  { deps },
  done,
) => {
  app.get('/health/live', {
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('live') }) } },
  }, () => ({ status: 'live' as const }));

  app.get('/health/ready', {
    schema: { tags: ['health'], response: { 200: readiness, 503: readiness } },
  }, async (_request, reply) => {
    const [database, redis] = await Promise.all([
      probe(() => sql`select 1`.execute(deps.db)),
      probe(() => deps.queues.merge.count()),
    ]);
    const ready = database === 'up' && redis === 'up';
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'unavailable', database, redis });
  });
  done();
};

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
