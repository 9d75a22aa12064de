import { randomBytes, randomUUID } from 'node:crypto';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken, revokeToken } from '../../src/auth/token-admin.service.js';
import { commandLineAdmin, tokenHolder } from '../../src/cli/commands/token.command.js';
import { loadDivisionIndex } from '../../src/divisions/division-index.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { seedCheck } from '../support/access.js';
import { validFamily } from '../support/families.js';
import { startTestStack } from '../support/stack.js';

interface AuditPage {
  items: Array<{ id: string; actor: string; action: string; target: string | null }>;
  nextCursor: string | null;
}

const SHA = 'AB'.repeat(32);

describe('the audit trail', () => {
  let stack: LocalStack;
  let seeded: string;

  beforeAll(async () => {
    stack = await startTestStack();
    seeded = await seedCheck(stack.db, {
      areaCode: '430102001001', submitter: stack.submitter,
      members: [{ idNumber: '430102194603120244', name: '周桂英' }],
      discrepancies: [{ member: '430102194603120244' }],
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  async function call(method: 'GET' | 'POST', url: string, token: string, body?: object) {
    const requestId = `req-${randomBytes(6).toString('hex')}`;
    const response = await stack.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId },
      ...(body ? { payload: body } : {}),
    });
    return { response, requestId };
  }

  async function rowsOf(requestId: string) {
    return stack.db.selectFrom('audit_events').selectAll()
      .where('request_id', '=', requestId).execute();
  }

  async function auditCount(): Promise<number> {
    const row = await stack.db.selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('writes exactly one row for each read, naming who, what, where and the request', async () => {
    const { caseworker, operator } = stack.tokens;
    const reads: Array<[string, string, string, string | null]> = [
      [`/v1/checks/${seeded}`, caseworker, 'check.read', '430102001001'],
      [
        `/v1/checks/${seeded}/discrepancies`,
        caseworker,
        'check.discrepancies.list',
        '430102001001',
      ],
      ['/v1/discrepancies?area=4301&item=pension', caseworker, 'discrepancies.list', '4301'],
      ['/v1/audit?area=43', operator, 'audit.list', '43'],
      ['/v1/queues', operator, 'queues.read', null],
    ];
    for (const [url, token, action, area] of reads) {
      const before = await auditCount();
      const { response, requestId } = await call('GET', url, token);

      expect(response.statusCode, url).toBe(200);
      expect(await auditCount(), url).toBe(before + 1);
      const [row] = await rowsOf(requestId);
      expect(row, url).toMatchObject({ action, area_code: area, request_id: requestId });
      expect(row?.actor, url).toMatch(/^local-(caseworker|operator)-/);
    }
    const [listRow] = await rowsOf((await call('GET', reads[2]?.[0] ?? '', caseworker)).requestId);
    expect(listRow?.target).toBe('area=4301&item=pension');
  });

  it('records an accepted and a repeated submission in one row each', async () => {
    const family = validFamily();
    const accepted = await call('POST', '/v1/checks', stack.tokens.submitter, family);
    const repeated = await call('POST', '/v1/checks', stack.tokens.submitter, family);
    const id = accepted.response.json<{ id: string }>().id;

    expect(await rowsOf(accepted.requestId)).toMatchObject([
      { action: 'check.submitted', target: id, area_code: '430102001001', role: 'submitter' },
    ]);
    expect(await rowsOf(repeated.requestId)).toMatchObject([
      { action: 'check.resubmitted', target: id },
    ]);
  });

  it('records a refusal for missing or stale consent and stores nothing else', async () => {
    const family = validFamily();
    delete family.members[1]?.consentSignedOn;
    const stale = validFamily();
    stale.areaCode = 'somewhere';
    stale.members[0] = { ...stale.members[0], consentSignedOn: '2024-01-01' };

    const missing = await call('POST', '/v1/checks', stack.tokens.submitter, family);
    const old = await call('POST', '/v1/checks', stack.tokens.submitter, stale);
    const checks = await stack.db.selectFrom('checks').select('id')
      .where('reference', 'in', [String(family.reference), String(stale.reference)]).execute();

    expect(missing.response.statusCode).toBe(400);
    expect(await rowsOf(missing.requestId)).toMatchObject([{
      action: 'submission.refused.consent', target: family.reference, area_code: '430102001001',
    }]);
    expect(await rowsOf(old.requestId)).toMatchObject([
      { action: 'submission.refused.consent', target: stale.reference, area_code: null },
    ]);
    expect(checks).toEqual([]);
  });

  it('writes no row for a refusal that has nothing to do with consent', async () => {
    const { requestId, response } = await call('POST', '/v1/checks', stack.tokens.submitter, {
      ...validFamily(), declaredOn: '2026-02-30',
    });

    expect(response.statusCode).toBe(400);
    expect(await rowsOf(requestId)).toEqual([]);
  });

  it('keeps consent evidence with the check and shows it to the area\'s caseworker', async () => {
    const family = validFamily();
    const consent = { documentRef: 'AUTH-2026-0042', documentSha256: SHA, collectedBy: '张伟' };
    family.members[0] = { ...family.members[0], consent };

    const { response } = await call('POST', '/v1/checks', stack.tokens.submitter, family);
    const id = response.json<{ id: string }>().id;
    const detail = await call('GET', `/v1/checks/${id}`, stack.tokens.caseworker);

    expect(response.statusCode).toBe(202);
    const members = detail.response.json<{ members: Array<{ consent: unknown }> }>().members;
    expect(members[0]?.consent).toEqual({ ...consent, documentSha256: SHA.toLowerCase() });
    expect(members[1]?.consent).toBeNull();
  });

  it('refuses consent evidence without a document or with a malformed SHA-256, ' +
    'and records it', async () => {
    const family = validFamily();
    family.members[0] = { ...family.members[0], consent: { collectedBy: '张伟' } };
    family.members[1] = {
      ...family.members[1], consent: { documentSha256: 'abc', collectedBy: '张伟' },
    };

    const { response, requestId } = await call(
      'POST',
      '/v1/checks',
      stack.tokens.submitter,
      family,
    );
    const paths = response.json<{ error: { problems: Array<{ path: string }> } }>()
      .error.problems.map((p) => p.path);

    expect(response.statusCode).toBe(400);
    expect(paths.sort()).toEqual(['members.0.consent', 'members.1.consent.documentSha256']);
    expect(await rowsOf(requestId)).toMatchObject([{ action: 'submission.refused.consent' }]);
  });

  it('records each token created or revoked at the command line in one row', async () => {
    const admin = commandLineAdmin();
    const name = `desk-${randomUUID()}`;
    const issued = await createToken(stack.db, { name, role: 'caseworker', area: '4301' }, admin);
    expect(await revokeToken(stack.db, issued.id, admin)).toBe(true);
    expect(await revokeToken(stack.db, issued.id, admin)).toBe(false);

    const rows = await stack.db.selectFrom('audit_events').selectAll()
      .where('target', '=', issued.id).orderBy('id').execute();
    expect(rows).toMatchObject([
      { action: 'token.created', area_code: '4301', role: 'cli', token_id: null },
      { action: 'token.revoked', area_code: '4301', role: 'cli' },
    ]);
    expect(rows[0]?.actor).toMatch(/^cli:/);
  });

  it('names every wrong flag of a token to create', async () => {
    const divisions = await loadDivisionIndex();
    const flags = { role: 'admin', area: '999999', name: ' ' };

    expect(() => tokenHolder(flags, divisions)).toThrow(/--role.*--area 999999.*--name/);
    expect(tokenHolder({ role: 'operator', area: 'CN', name: 'ops' }, divisions).area).toBe('CN');
    expect(tokenHolder({ role: 'caseworker', area: '430102', name: 'w' }, divisions).role)
      .toBe('caseworker');
  });

  it('cannot be updated, deleted or truncated through the application\'s connection', async () => {
    const attempts = [
      () => stack.db.updateTable('audit_events').set({ actor: 'someone else' }).execute(),
      () => stack.db.deleteFrom('audit_events').execute(),
      () => sql`TRUNCATE audit_events`.execute(stack.db),
    ];
    const before = await auditCount();

    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(/append-only/);
    expect(await auditCount()).toBe(before);
  });

  it('pages newest first without repeats, and filters by actor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string =
        `/v1/audit?actor=${stack.submitter}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: AuditPage = (await call('GET', query, stack.tokens.operator))
        .response.json<AuditPage>();
      expect(page.items.every((e) => e.actor === stack.submitter)).toBe(true);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);

    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
  });

  it('masks an identity number held in a reference before an operator sees it', async () => {
    const family = { ...validFamily(), reference: 'APP-430102194603120244' };
    delete family.members[0]?.consentSignedOn;
    await call('POST', '/v1/checks', stack.tokens.submitter, family);

    const { response } = await call('GET', '/v1/audit?limit=20', stack.tokens.operator);

    expect(response.body).toContain('APP-430102********0244');
    expect(response.body).not.toContain('430102194603120244');
  });

  it('refuses a window that ends before it starts, and an unknown parameter', async () => {
    for (const [query, path] of [
      ['from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z', 'querystring.to'],
      ['actr=someone', 'querystring.actr'],
    ]) {
      const { response } = await call('GET', `/v1/audit?${query}`, stack.tokens.operator);
      const paths = response.json<{ error: { problems: Array<{ path: string }> } }>()
        .error.problems.map((p) => p.path);

      expect(response.statusCode, query).toBe(400);
      expect(paths, query).toEqual([path]);
    }
  });
});
