import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';

import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { AppDeps } from '../app.js';
import { auditEntry } from '../audit-entry.js';
import { errorResponse, queueCounts } from '../schemas.js';

// Jobs with a priority wait in their own list; to an operator they are waiting all the same.
const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

export const queueRoutes: FastifyPluginCallbackZod<{ deps: AppDeps }> = (app, { deps }, done) => {
  app.get('/v1/queues', {
    config: { roles: ['operator'] },
    schema: {
      summary: 'Jobs per queue: waiting, active, delayed and failed',
      tags: ['operations'],
      security: [{ bearer: [] }],
      response: { 200: queueCounts, 401: errorResponse, 403: errorResponse },
    },
  }, async (request) => {
    const queues = deps.queues.all();
    const counts = await Promise.all(
      queues.map(async (queue) => {
        const count = await queue.getJobCounts(...STATES);
        return {
          name: queue.name,
          waiting: (count.waiting ?? 0) + (count.prioritized ?? 0),
          active: count.active ?? 0,
          delayed: count.delayed ?? 0,
          failed: count.failed ?? 0,
        };
      }),
    );

    await insertAuditEvent(deps.db, auditEntry(request, 'queues.read', null, null));
    return { queues: counts };
  });
  done();
};
