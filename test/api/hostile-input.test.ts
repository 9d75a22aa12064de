import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LocalStack } from '../../src/runtime/local-stack.js';
import { validFamily } from '../support/families.js';
import {
  INJECTIONS,
  absurdDate,
  deeplyNested,
  deeplyNestedText,
  hostileString,
  notArray,
  notBoolean,
  notNumber,
  notString,
} from '../support/hostile-values.js';
import { startTestStack } from '../support/stack.js';

/** Runs per property: enough to meet every kind of value, few enough to stay quick. */
const RUNS = 100;

type Path = readonly (string | number)[];

/** Where a family can be broken, and values that break it there. */
const BREAKS: ReadonlyArray<readonly [Path, fc.Arbitrary<unknown>]> = [
  [['reference'], fc.oneof(notString, fc.constantFrom('', '  ', 'a\u0007b', 'r'.repeat(129)))],
  [['assistance'], fc.oneof(hostileString, notString)],
  [['areaCode'],
    fc.oneof(hostileString, notString, fc.constantFrom('999999999999', '43010200100'))],
  [['declaredOn'], fc.oneof(absurdDate, hostileString, notString)],
  [['members'], fc.oneof(notArray, fc.constant([]), deeplyNested)],
  [['members', 0, 'idNumber'], fc.oneof(hostileString, notString)],
  [['members', 1, 'name'],
    fc.oneof(notString, fc.constantFrom('', 'a\u0000b', 'x\ud800', 'n'.repeat(65)))],
  [['members', 0, 'relation'], fc.oneof(hostileString, notString)],
  [['members', 0, 'consentSignedOn'],
    fc.oneof(absurdDate, hostileString, fc.integer(), fc.boolean())],
  [['members', 0, 'declared', 'maritalStatus'], fc.oneof(hostileString, notString)],
  [['members', 0, 'declared', 'monthlyIncome', 'pension'],
    fc.oneof(notNumber, fc.constantFrom(-0.01, -1e9, 1e9, 1e308, 12.345))],
  [['members', 0, 'declared', 'disabilityGrade'],
    fc.oneof(hostileString, fc.boolean(), fc.constantFrom(0, 5, 2.5, -1))],
  [['assets', 'housingSubsidy'], notBoolean],
  [['assets', 'vehicles'], fc.oneof(notArray, deeplyNested)],
];

const REQUIRED: readonly Path[] = [
  ['reference'], ['assistance'], ['areaCode'], ['declaredOn'], ['members'], ['assets'],
  ['members', 0, 'idNumber'], ['members', 0, 'name'], ['members', 0, 'relation'],
  ['members', 0, 'declared'], ['members', 0, 'declared', 'monthlyIncome', 'wage'],
  ['assets', 'realEstate'], ['assets', 'housingSubsidy'],
];

const KNOWN_KEYS = new Set(['reference', 'assistance', 'areaCode', 'declaredOn', 'members',
  'assets', 'idNumber', 'name', 'relation', 'consentSignedOn', 'consent', 'declared']);

/** A copy of `value` with `path` set to `replacement`, or removed when it is undefined. */
function changedAt(value: unknown, path: Path, replacement: unknown): unknown {
  const copy: unknown = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

function encodedOrNull(value: string): string | null {
  try {
    return encodeURIComponent(value);
  } catch {
    return null;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: unknown[] };
}

describe('hostile and malformed requests', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  function headers(role: 'submitter' | 'caseworker', extra: Record<string, string> = {}) {
    return { authorization: `Bearer ${stack.tokens[role]}`, ...extra };
  }

  /** Rows a submission writes. Discrepancies are left out: the pipeline writes them later. */
  async function storedRows(): Promise<number> {
    const counts = await Promise.all((['checks', 'department_lookups'] as const)
      .map((table) => stack.db.selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()));
    return counts.reduce((sum, row) => sum + Number(row.n), 0);
  }

  /** A 4xx that says what is wrong: a list of problems, or at least a message. */
  function expectNamedRefusal(response: { statusCode: number; body: string }): void {
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const { error } = JSON.parse(response.body) as ErrorBody;
    expect(Boolean(error?.problems?.length) || Boolean(error?.message)).toBe(true);
  }

  async function post(payload: string | Buffer, contentType = 'application/json') {
    return stack.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: headers('submitter', { 'content-type': contentType }),
      payload,
    });
  }

  /** Checks a property of POST /v1/checks and that none of its runs stored anything. */
  async function refusesEvery<T>(arbitrary: fc.Arbitrary<T>, body: (value: T) => string | Buffer) {
    const before = await storedRows();
    await fc.assert(fc.asyncProperty(arbitrary, async (value) => {
      expectNamedRefusal(await post(body(value)));
    }), { numRuns: RUNS });
    expect(await storedRows()).toBe(before);
  }

  it('accepts the family the properties break, so each refusal is the break\'s doing', async () => {
    const response = await post(JSON.stringify(validFamily()));

    expect(response.statusCode).toBe(202);
  });

  it('refuses a family with one field of the wrong kind, out of range or hostile', async () => {
    const broken = fc.constantFrom(...BREAKS).chain(([path, values]) =>
      values.map((value) => changedAt(validFamily(), path, value)));
    await refusesEvery(broken, (family) => JSON.stringify(family));
  });

  it('refuses a family missing a field or carrying one it does not know', async () => {
    const missing = fc.constantFrom(...REQUIRED)
      .map((path) => changedAt(validFamily(), path, undefined));
    // `__proto__` would set the copy's prototype rather than add a key; the
    // prototype-key property below sends it as raw JSON instead.
    const extraKey = fc.string({ minLength: 1, maxLength: 30 })
      .filter((key) => !KNOWN_KEYS.has(key) && key !== '__proto__');
    const extra = fc.tuple(extraKey, fc.jsonValue({ maxDepth: 2 }), fc.boolean())
      .map(([key, value, inMember]) =>
        changedAt(validFamily(), inMember ? ['members', 0, key] : [key], value));
    await refusesEvery(fc.oneof(missing, extra), (family) => JSON.stringify(family));
  });

  it('refuses any JSON that is not a family, prototype keys included', async () => {
    const prototypeKeys = fc.constantFrom(
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      JSON.stringify(validFamily()).replace('{', '{"__proto__":{"x":1},'),
    );
    const anyJson = fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null');
    await refusesEvery(fc.oneof(anyJson, prototypeKeys), (text) => text);
  });

  it('refuses huge arrays, deep nesting and bodies over the size limit', async () => {
    const member = validFamily().members[0];
    const family = (changes: Record<string, unknown>) =>
      JSON.stringify({ ...validFamily(), ...changes });
    const huge = fc.oneof(
      fc.integer({ min: 31, max: 3000 }).map((n) => family({ members: Array(n).fill(member) })),
      fc.integer({ min: 101, max: 2000 }).map((n) => JSON.stringify(
        changedAt(validFamily(), ['assets', 'realEstate'], Array(n).fill({ floorAreaM2: 1 })))),
      deeplyNestedText,
      deeplyNestedText.map((nested) => family({ members: '@' }).replace('"@"', nested)),
      fc.integer({ min: 1_100_000, max: 3_000_000 })
        .map((n) => family({ reference: 'r'.repeat(n) })),
    );
    await refusesEvery(huge, (text) => text);
  });

  it('refuses bodies that are not UTF-8 or not JSON', async () => {
    // Each body holds a byte that can never start or continue a UTF-8 sequence.
    const bytes = fc
      .tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(0xc0, 0xc1, 0xf5, 0xff))
      .map(([body, bad]) =>
        Buffer.concat([Buffer.from('{"reference":"'), Buffer.from(body), Buffer.from([bad])]));
    const text = fc.oneof(hostileString, fc.constantFrom(...INJECTIONS));
    await refusesEvery(fc.oneof(bytes, text.map((t) => Buffer.from(t))), (body) => body);
  });

  it('refuses hostile check ids in every path that takes one', async () => {
    // Longer ids are turned away by the router before the API sees them; a
    // lone surrogate cannot be put in a URL at all.
    const id = fc.oneof(hostileString, fc.constantFrom(...INJECTIONS))
      .map(encodedOrNull)
      .filter((s): s is string => s !== null && s.length > 0 && s.length <= 100);
    const suffix = fc.constantFrom('', '/discrepancies');
    await fc.assert(fc.asyncProperty(id, suffix, async (value, rest) => {
      const url = `/v1/checks/${value}${rest}`;
      const response = await stack.app.inject({
        method: 'GET', url, headers: headers('caseworker'),
      });
      expectNamedRefusal(response);
    }), { numRuns: RUNS });
  });

  it('refuses hostile filters, limits and cursors of the area list', async () => {
    const value = fc.oneof(hostileString, fc.constantFrom(...INJECTIONS), fc.constantFrom('-1', '0',
      '1e9', '999999999999999999999', 'NaN', '43', '4301029999'));
    const query = fc.record({ area: value, item: value, kind: value, limit: value, cursor: value },
      { requiredKeys: ['area'] });
    await fc.assert(fc.asyncProperty(query, async (params) => {
      const search = new URLSearchParams(params as Record<string, string>).toString();
      const response = await stack.app.inject({
        method: 'GET', url: `/v1/discrepancies?${search}`, headers: headers('caseworker'),
      });
      if (response.statusCode === 200) {
        // Only a real division with no other filter can be listed; it must list nothing hostile.
        expect(Object.keys(params)).toEqual(['area']);
        return;
      }
      expectNamedRefusal(response);
    }), { numRuns: RUNS });
  });
});
