import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { revokeTokenById } from '../../src/auth/token.repository.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { seedCheck, tokenFor } from '../support/access.js';
import { validFamily } from '../support/families.js';
import { startTestStack } from '../support/stack.js';

type Holder = Awaited<ReturnType<typeof tokenFor>>;
interface Listed {
  items: Array<{
    areaCode: string;
    checkId: string;
    member: string | null;
    memberName: string | null;
  }>;
}
interface Detail {
  members: Array<{
    idNumber: string;
    name: string;
    consent: { documentRef: string | null } | null;
  }>;
}

const MISSING = '00000000-0000-4000-8000-000000000000';
const ZHOU = { idNumber: '430102194603120244', name: '周桂英' };
const OUYANG = { idNumber: '430102198506150028', name: '欧阳娜娜' };
const LI = { idNumber: '430103197001010015', name: '李建国' };

describe('who may see a family: roles and areas on every endpoint', () => {
  let stack: LocalStack;
  const t: Record<string, Holder> = {};
  const checks: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack();
    const run = randomBytes(3).toString('hex');
    const issue = async (
      key: string,
      role: 'submitter' | 'caseworker' | 'operator',
      area: string,
    ) => {
      t[key] = await tokenFor(stack.db, `${key}-${run}`, role, area);
    };
    await issue('officeA', 'submitter', '430102');
    await issue('officeA2', 'submitter', '430102');
    await issue('officeB', 'submitter', '430103');
    await issue('workerA', 'caseworker', '430102');
    await issue('workerB', 'caseworker', '430103');
    await issue('workerCity', 'caseworker', '4301');
    await issue('operator', 'operator', 'CN');
    await issue('revoked', 'caseworker', 'CN');
    await revokeTokenById(stack.db, holder('revoked').id);

    checks.a1 = await seedCheck(stack.db, {
      areaCode: '430102001001', submitter: holder('officeA').name, members: [ZHOU, OUYANG],
      discrepancies: [{ member: ZHOU.idNumber }, { member: OUYANG.idNumber }, { member: null }],
    });
    checks.a2 = await seedCheck(stack.db, {
      areaCode: '430102001002', submitter: holder('officeA2').name, members: [ZHOU],
      discrepancies: [{ member: ZHOU.idNumber }],
    });
    checks.b1 = await seedCheck(stack.db, {
      areaCode: '430103001001', submitter: holder('officeB').name, members: [LI],
      discrepancies: [{ member: LI.idNumber, item: 'vehicle' }],
    });
    const submitted = await call('POST', '/v1/checks', 'officeA', validFamily());
    expect(submitted.statusCode).toBe(202);
    checks.real = submitted.json<{ id: string }>().id;
  });

  afterAll(async () => {
    await stack.close();
  });

  function holder(key: string): Holder {
    const found = t[key];
    if (!found) throw new Error(`no token ${key}`);
    return found;
  }

  function check(key: string): string {
    const id = checks[key];
    if (!id) throw new Error(`no check ${key}`);
    return id;
  }

  async function call(method: 'GET' | 'POST', url: string, who?: string, body?: object) {
    const token = who === undefined ? undefined : (t[who]?.token ?? who);
    return stack.app.inject({
      method,
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body ? { payload: body } : {}),
    });
  }

  function endpoints(): Array<[method: 'GET' | 'POST', url: string, body?: object]> {
    return [
      ['POST', '/v1/checks', validFamily()],
      ['GET', `/v1/checks/${check('a1')}`],
      ['GET', `/v1/checks/${check('a1')}/discrepancies`],
      ['GET', '/v1/discrepancies?area=4301'],
      ['GET', '/v1/audit'],
      ['GET', '/v1/queues'],
    ];
  }

  it('answers 401 on every endpoint without a token, ' +
    'with an unknown one or a revoked one', async () => {
    for (const [method, url, body] of endpoints()) {
      for (const who of [undefined, 'cc_not-a-token', holder('revoked').token]) {
        const response = await call(method, url, who, body);
        expect(response.statusCode, `${method} ${url}`).toBe(401);
        expect(response.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it('answers 403 to every role an endpoint does not serve', async () => {
    const refused: Record<string, string[]> = {
      'POST /v1/checks': ['workerA', 'workerCity', 'operator'],
      [`GET /v1/checks/${check('a1')}`]: ['operator'],
      [`GET /v1/checks/${check('a1')}/discrepancies`]: ['operator'],
      'GET /v1/discrepancies?area=4301': ['officeA', 'operator'],
      'GET /v1/audit': ['officeA', 'workerA', 'workerCity'],
      'GET /v1/queues': ['officeA', 'workerA'],
    };
    for (const [method, url, body] of endpoints()) {
      for (const who of refused[`${method} ${url}`] ?? []) {
        const response = await call(method, url, who, body);
        expect(response.statusCode, `${who} ${method} ${url}`).toBe(403);
      }
    }
  });

  it('answers a check outside the area exactly as a check that does not exist', async () => {
    for (const suffix of ['', '/discrepancies']) {
      const outside = await call('GET', `/v1/checks/${check('a1')}${suffix}`, 'workerB');
      const missing = await call('GET', `/v1/checks/${MISSING}${suffix}`, 'workerB');

      expect(outside.statusCode).toBe(404);
      expect(outside.json()).toEqual(missing.json());
    }
  });

  it('shows a submitter only the checks it submitted, within its area', async () => {
    const seen = async (who: string, key: string) =>
      (await call('GET', `/v1/checks/${check(key)}`, who)).statusCode;

    expect(await seen('officeA', 'a1')).toBe(200);
    expect(await seen('officeA', 'real')).toBe(200);
    expect(await seen('officeA', 'a2')).toBe(404);
    expect(await seen('officeA', 'b1')).toBe(404);
    expect(await seen('officeA2', 'a2')).toBe(200);
    expect(await seen('officeA2', 'a1')).toBe(404);
    expect((await call('GET', `/v1/checks/${check('a2')}/discrepancies`, 'officeA')).statusCode)
      .toBe(404);
  });

  it('shows a caseworker every check of its area and below it, ' +
    'none of a sibling area', async () => {
    const seen = async (who: string, key: string) =>
      (await call('GET', `/v1/checks/${check(key)}/discrepancies`, who)).statusCode;

    for (const key of ['a1', 'a2', 'real']) expect(await seen('workerA', key)).toBe(200);
    expect(await seen('workerA', 'b1')).toBe(404);
    expect(await seen('workerB', 'b1')).toBe(200);
    expect(await seen('workerB', 'a1')).toBe(404);
    for (const key of ['a1', 'a2', 'b1', 'real']) expect(await seen('workerCity', key)).toBe(200);
  });

  it('lists no row of another area, whatever area is asked for', async () => {
    const list = async (who: string, area: string) =>
      (await call('GET', `/v1/discrepancies?area=${area}&limit=500`, who)).json<Listed>().items;

    const county = await list('workerA', '4301');
    const sibling = await list('workerA', '430103');
    const city = await list('workerCity', '43');

    // The real submission's own findings may join the seeded ones; all lie in 430102.
    const seeded = county.filter((d) => [check('a1'), check('a2')].includes(d.checkId));
    expect(seeded).toHaveLength(4);
    expect(county.every((d) => d.areaCode.startsWith('430102'))).toBe(true);
    expect(sibling).toEqual([]);
    expect(new Set(city.map((d) => d.areaCode.slice(0, 6)))).toEqual(new Set(['430102', '430103']));
    expect(await list('workerB', '4301')).toHaveLength(1);
  });

  it('refuses a submission for a village outside the token\'s area ' +
    'with 403 and stores nothing', async () => {
    const family = validFamily();
    const response = await call('POST', '/v1/checks', 'officeB', family);
    const stored = await stack.db.selectFrom('checks').select('id')
      .where('reference', '=', String(family.reference)).execute();

    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('OUTSIDE_AREA');
    expect(stored).toEqual([]);
  });

  it('shows members in full only to a caseworker of the area, ' +
    'masked to the submitter', async () => {
    const toWorker = (await call('GET', `/v1/checks/${check('a1')}`, 'workerA')).json<Detail>();
    const toOffice = (await call('GET', `/v1/checks/${check('a1')}`, 'officeA')).json<Detail>();

    expect(toWorker.members[0]).toMatchObject({ ...ZHOU, consent: { documentRef: 'AUTH-0' } });
    expect(toWorker.members[1]).toMatchObject(OUYANG);
    expect(toOffice.members[0]).toMatchObject({ idNumber: '430102********0244', name: '周**' });
    expect(toOffice.members[1]).toMatchObject({ name: '欧阳**' });
  });

  it('masks members and their declared names in every discrepancy list', async () => {
    const perCheck = await call('GET', `/v1/checks/${check('a1')}/discrepancies`, 'workerA');
    const perArea = await call('GET', '/v1/discrepancies?area=430102001001', 'workerA');

    for (const response of [perCheck, perArea]) {
      const items = response.json<Listed>().items.filter((d) => d.checkId === check('a1'));
      expect(items.map((d) => [d.member, d.memberName])).toEqual([
        ['430102********0244', '周**'],
        ['430102********0028', '欧阳**'],
        [null, null],
      ]);
      expect(response.body).not.toContain(ZHOU.idNumber);
      expect(response.body).not.toContain(ZHOU.name);
    }
  });

  it('serves operators the audit trail and the queue counts', async () => {
    const audit = await call('GET', '/v1/audit?limit=5', 'operator');
    const queues = await call('GET', '/v1/queues', 'operator');

    expect(audit.statusCode).toBe(200);
    expect(audit.json<{ items: unknown[] }>().items).toHaveLength(5);
    expect(queues.statusCode).toBe(200);
    // Each lane has a lookup queue per department and a merge queue.
    const names = queues.json<{ queues: Array<{ name: string }> }>().queues.map((q) => q.name);
    expect(names).toHaveLength(2 * (stack.departments.length + 1));
    expect(names).toEqual(expect.arrayContaining(['merge', 'bulk-merge']));
  });
});
