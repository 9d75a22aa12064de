import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { issueToken } from '../../src/auth/issue-token.service.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { validFamily } from '../support/families.js';
import { startTestStack } from '../support/stack.js';

interface ErrorBody {
  error: { code: string; message: string; problems: Array<{ path: string; message: string }> };
}

describe('POST /v1/checks', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  function auth(token = stack.tokens.submitter) {
    return { authorization: `Bearer ${token}` };
  }

  async function submit(body: unknown, token = stack.tokens.submitter) {
    return stack.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: auth(token),
      payload: body as Record<string, unknown>,
    });
  }

  async function countChecks(): Promise<number> {
    const row = await stack.db
      .selectFrom('checks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function expectRejected(body: unknown, paths: string[]) {
    const before = await countChecks();
    const response = await submit(body);
    const error = response.json<ErrorBody>().error;

    expect(response.statusCode).toBe(400);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.problems.map((p) => p.path).sort()).toEqual([...paths].sort());
    expect(await countChecks()).toBe(before);
    return error;
  }

  it('accepts a valid family, stores it and answers 202 with its id', async () => {
    const response = await submit(validFamily());

    expect(response.statusCode).toBe(202);
    const body = response.json<{ id: string; status: string }>();
    expect(['queued', 'running']).toContain(body.status);
    const check = await stack.app.inject({
      method: 'GET',
      url: `/v1/checks/${body.id}`,
      headers: auth(),
    });
    expect(check.statusCode).toBe(200);
    expect(check.json<{ departments: unknown[] }>().departments)
      .toHaveLength(stack.departments.length);
  });

  it('stores a lower-case x upper-cased', async () => {
    const family = validFamily();
    family.members[0] = { ...family.members[0], idNumber: '43010219830228100x' };

    const response = await submit(family);

    expect(response.statusCode).toBe(202);
    const id = response.json<{ id: string }>().id;
    const row = await stack.db.selectFrom('checks').select('family').where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.family)).toContain('43010219830228100X');
  });

  it('returns the first check when a submitter sends the same declaration again', async () => {
    const family = validFamily();
    const first = await submit(family);
    const again = await submit(family);
    const office = await issueToken(stack.db, { name: 'office-b', role: 'submitter', area: 'CN' });
    const otherSubmitter = await submit(family, office.token);

    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect(otherSubmitter.json<{ id: string }>().id).not.toBe(first.json<{ id: string }>().id);
  });

  it('refuses a different declaration under a reference already used, ' +
    'and keeps the first', async () => {
    const family = validFamily();
    const first = await submit(family);
    const changed = await submit({ ...family, declaredOn: '2026-11-19' });

    expect(changed.statusCode).toBe(409);
    const row = await stack.db.selectFrom('checks').select('declared_on')
      .where('id', '=', first.json<{ id: string }>().id).executeTakeFirstOrThrow();
    expect(row.declared_on).toBe('2026-11-20');
  });

  it('refuses control characters, broken surrogates ' +
    'and declarations dated in the future', async () => {
    const family = validFamily();
    family.members[0] = { ...family.members[0], name: 'a\u0000b' };
    family.members[1] = { ...family.members[1], name: 'x\ud800' };

    await expectRejected({ ...family, declaredOn: '2999-01-01' }, [
      'members.0.name',
      'members.1.name',
      'declaredOn',
    ]);
  });

  it('names a wrong check character, an unreal birth date and a short number', async () => {
    const family = validFamily();
    family.members[0] = { ...family.members[0], idNumber: '430102194603120245' };
    family.members[1] = { ...family.members[1], idNumber: '430102194602300241' };
    family.members.push({ ...family.members[1], idNumber: '4301021946' });

    const error = await expectRejected(family, [
      'members.0.idNumber',
      'members.1.idNumber',
      'members.2.idNumber',
    ]);
    expect(error.problems.map((p) => p.message).join(' ')).toMatch(/check character/);
  });

  it('refuses an area code that is not a village of the division list', async () => {
    await expectRejected({ ...validFamily(), areaCode: '430102001999' }, ['areaCode']);
  });

  it('refuses a family with two applicants or none, and a member listed twice', async () => {
    const family = validFamily();
    family.members[1] = { ...family.members[1], relation: 'applicant' };
    family.members.push({ ...family.members[0], relation: 'child' });

    await expectRejected(family, ['members', 'members.2.idNumber']);
  });

  it('refuses consent that is missing, later than the declaration or over a year old', async () => {
    const family = validFamily();
    family.members[0] = { ...family.members[0], consentSignedOn: '2026-11-21' };
    family.members[1] = { ...family.members[1], consentSignedOn: '2025-11-19' };
    const missing = validFamily();
    delete missing.members[1]?.consentSignedOn;

    await expectRejected(family, ['members.0.consentSignedOn', 'members.1.consentSignedOn']);
    await expectRejected(missing, ['members.1.consentSignedOn']);
  });

  it('accepts consent signed exactly 365 days before the declaration', async () => {
    const family = validFamily();
    family.members[1] = { ...family.members[1], consentSignedOn: '2025-11-20' };

    expect((await submit(family)).statusCode).toBe(202);
  });

  it('refuses negative amounts, three decimals, unreal dates and unknown fields', async () => {
    const family = validFamily();
    const declared = family.members[0]?.declared as { monthlyIncome: Record<string, number> };
    declared.monthlyIncome = { wage: -1, pension: 10.005, unemploymentBenefit: 0, business: 0 };

    await expectRejected({ ...family, declaredOn: '2026-02-30', extra: true }, [
      'members.0.declared.monthlyIncome.wage',
      'members.0.declared.monthlyIncome.pension',
      'declaredOn',
      'extra',
    ]);
  });

  it('refuses a family whose bytes are not valid UTF-8, and stores nothing', async () => {
    const before = await countChecks();
    const text = JSON.stringify(validFamily()).replace('周桂英', 'NAME');
    const [head, tail] = text.split('NAME');
    const invalid = Buffer.from([0xff, 0xfe]);
    const payload = Buffer.concat([Buffer.from(head ?? ''), invalid, Buffer.from(tail ?? '')]);

    const response = await stack.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload,
    });

    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.code).toBe('INVALID_ENCODING');
    expect(await countChecks()).toBe(before);
  });

  /** A POST /v1/checks whose body is sent as it is, not as an object. */
  function postRaw(payload: string) {
    return stack.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload,
    });
  }

  it('refuses a body that is not JSON with a 400 that says so', async () => {
    const response = await postRaw('{"reference":');

    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.message).toMatch(/JSON/i);
  });

  it('refuses an empty body, naming the body', async () => {
    const response = await postRaw('');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'INVALID_REQUEST', problems: [{ path: 'body', message: 'is empty' }] },
    });
  });

  it('answers 404 for a check that does not exist and 400 for an id that is not one', async () => {
    const missing = await stack.app.inject({
      method: 'GET',
      url: '/v1/checks/00000000-0000-4000-8000-000000000000',
      headers: auth(),
    });
    const malformed = await stack.app.inject({
      method: 'GET',
      url: '/v1/checks/nope',
      headers: auth(),
    });

    expect(missing.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<ErrorBody>().error.problems[0]?.path).toBe('params.id');
  });
});
