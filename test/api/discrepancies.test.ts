import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LocalStack } from '../../src/runtime/local-stack.js';
import { seedCheck } from '../support/access.js';
import { startTestStack } from '../support/stack.js';

interface Page {
  items: Array<{ id: string; areaCode: string; item: string; kind: string; member: string | null }>;
  nextCursor: string | null;
}

/** A finished check in an area with the given discrepancies, all of one member. */
async function seedArea(
  stack: LocalStack,
  areaCode: string,
  entries: Array<{ item: string; kind: string }>,
): Promise<string> {
  const member = '430102194603120244';
  return seedCheck(stack.db, {
    areaCode,
    submitter: 'seed',
    discrepancies: entries.map((e) => ({ ...e, member })),
  });
}

describe('GET /v1/discrepancies', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
    const pensions = Array.from({ length: 7 }, () => ({ item: 'pension', kind: 'undeclared' }));
    await seedArea(stack, '430102001001', pensions);
    await seedArea(stack, '430102001002', [{ item: 'vehicle', kind: 'undeclared' }]);
    await seedArea(stack, '430103001001', [{ item: 'pension', kind: 'mismatch' }]);
  });

  afterAll(async () => {
    await stack.close();
  });

  async function list(query: string) {
    return stack.app.inject({
      method: 'GET',
      url: `/v1/discrepancies?${query}`,
      headers: { authorization: `Bearer ${stack.tokens.caseworker}` },
    });
  }

  async function listAll(query: string): Promise<Page['items']> {
    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${cursor}` : '';
      const page: Page = (await list(`${query}&limit=3${suffix}`)).json<Page>();
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('lists every family of an area and none of its sibling', async () => {
    const county = await listAll('area=430102');
    const sibling = await listAll('area=430103');

    expect(county).toHaveLength(8);
    expect(county.every((d) => d.areaCode.startsWith('430102'))).toBe(true);
    expect(sibling).toHaveLength(1);
  });

  it('pages by cursor without repeating or skipping an entry', async () => {
    const all = await listAll('area=43');

    expect(all).toHaveLength(9);
    expect(new Set(all.map((d) => d.id)).size).toBe(9);
  });

  it('filters by item and kind', async () => {
    expect(await listAll('area=4301&item=pension')).toHaveLength(8);
    expect(await listAll('area=4301&item=pension&kind=mismatch')).toHaveLength(1);
    expect(await listAll('area=430102001002&kind=undeclared')).toHaveLength(1);
  });

  it('names the parameter when the area, item, kind or cursor is wrong', async () => {
    const cases: Array<[string, string]> = [
      ['area=4301021', 'querystring.area'],
      ['area=990000', 'querystring.area'],
      ['area=4301&item=salary', 'querystring.item'],
      ['area=4301&kind=odd', 'querystring.kind'],
      ['area=4301&cursor=bm9wZQ', 'querystring.cursor'],
      ['item=pension', 'querystring.area'],
      ['area=4301&department=housing', 'querystring.department'],
    ];
    for (const [query, path] of cases) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<{ error: { problems: Array<{ path: string }> } }>();
      expect(body.error.problems.map((p) => p.path), query).toContain(path);
    }
  });
});
