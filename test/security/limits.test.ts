import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { departments } from '../../connectors/registry.js';
import { type App, type AppOptions, buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { loadDivisionIndex } from '../../src/divisions/division-index.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { tokenFor } from '../support/access.js';
import { validFamily } from '../support/families.js';
import { silentLogger } from '../support/logger.js';
import { startTestStack } from '../support/stack.js';

interface ErrorBody {
  error: { code: string; message: string; problems: Array<{ path: string }> };
}

describe('limits on what one caller may send', () => {
  let stack: LocalStack;
  const apps: App[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await stack.close();
  });

  /** The API over the stack's database and queues, with limits of the test's choosing. */
  async function appWith(options: AppOptions): Promise<App> {
    const deps = {
      db: stack.db,
      queues: stack.queues,
      divisions: await loadDivisionIndex(),
      departments: stack.departments,
      settings: {},
      logger: silentLogger,
    };
    const app = await buildApp(deps, options);
    apps.push(app);
    return app;
  }

  function submit(app: App, token: string, payload: object) {
    return app.inject({
      method: 'POST', url: '/v1/checks', payload, headers: { authorization: `Bearer ${token}` },
    });
  }

  it('answers 429 with Retry-After once a token has used its minute, ' +
    'and spares other tokens', async () => {
    const app = await appWith({ rateLimitPerMinute: 3 });
    const busy = await tokenFor(stack.db, 'busy-desk', 'caseworker', '4301');
    const calm = await tokenFor(stack.db, 'calm-desk', 'caseworker', '4301');
    const list = (token: string) => app.inject({
      method: 'GET',
      url: '/v1/discrepancies?area=4301',
      headers: { authorization: `Bearer ${token}` },
    });

    const allowed = [await list(busy.token), await list(busy.token), await list(busy.token)];
    const refused = await list(busy.token);
    const other = await list(calm.token);

    expect(allowed.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json<ErrorBody>().error).toMatchObject({ code: 'RATE_LIMITED', problems: [] });
    expect(other.statusCode).toBe(200);
  });

  it('refuses a body over the size limit with 413 in the usual error shape', async () => {
    const app = await appWith({ bodyLimit: 2048 });
    const family = { ...validFamily(), reference: 'R'.repeat(100) };
    const padded = { ...family, members: Array.from({ length: 8 }, () => family.members[0]) };

    const response = await submit(app, stack.tokens.submitter, padded);

    expect(response.statusCode).toBe(413);
    expect(response.json<ErrorBody>().error.code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
  });

  it('refuses a family with more members than the setting allows, naming members', async () => {
    const app = await appWith({ maxMembers: 1 });

    const response = await submit(app, stack.tokens.submitter, validFamily());

    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.problems.map((p) => p.path)).toContain('members');
  });
});

describe('limit and retention settings', () => {
  it('default to 1 MiB, 30 members, 600 requests a minute and 30 days', () => {
    const config = loadConfig(departments, {});

    expect(config).toMatchObject({
      bodyLimitBytes: 1_048_576,
      maxMembers: 30,
      rateLimitPerMinute: 600,
      retentionDays: 30,
    });
  });

  it('name every bad value', () => {
    const attempt = () => loadConfig(departments, {
      BODY_LIMIT_BYTES: 'big',
      MAX_MEMBERS: '0',
      RATE_LIMIT_PER_MINUTE: '-5',
      RETENTION_DAYS: '1.5',
    });

    const names = ['BODY_LIMIT_BYTES', 'MAX_MEMBERS', 'RATE_LIMIT_PER_MINUTE', 'RETENTION_DAYS'];
    for (const name of names) {
      expect(attempt).toThrow(new RegExp(name));
    }
  });
});
