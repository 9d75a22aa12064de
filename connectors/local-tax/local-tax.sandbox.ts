/**
 * Local-tax sandbox. Protocol of the local tax bureau:
 *
 *   POST /records/query   { ids: [...], pageToken? }   at most 30 persons
 *   200 { items: [{ type: 'WAGE_TAX' | 'DEED_TAX', record }], nextPageToken: string | null }
 *
 * Answers come in pages of `pageSize` items (wage tax first, then deed tax);
 * the next page is asked for with the same `ids` and the token of the last
 * page, until the token is null. More than 30 persons is refused with 422
 * and `{ error: 'TOO_MANY_IDS', max }`; an unknown token with 400.
 */
import { z } from 'zod';

import type { SandboxSettings } from '../contract.js';
import { createHttpSandbox, type HttpSandbox, type LookupDesk } from '../sandbox/http-sandbox.js';
import { PersonIndex } from '../sandbox/person-index.js';
import {
  localTaxRecords,
  type DeedTaxRecord,
  type LocalTaxRecords,
  type WageTaxRecord,
} from './local-tax.records.js';

export const LOCAL_TAX_MAX_BATCH = 30;

const DEFAULT_PAGE_SIZE = 50;

export interface LocalTaxSandboxOptions {
  /** Items per page of an answer. */
  pageSize?: number;
}

interface TaxIndex {
  wageTax: PersonIndex<WageTaxRecord>;
  deedTax: PersonIndex<DeedTaxRecord>;
}

type TaxItem =
  | { type: 'WAGE_TAX'; record: WageTaxRecord }
  | { type: 'DEED_TAX'; record: DeedTaxRecord };

const recordsQuery = z.object({
  ids: z.array(z.string()).min(1),
  pageToken: z.string().optional(),
});

export function createLocalTaxSandbox(
  settings: SandboxSettings,
  options: LocalTaxSandboxOptions = {},
): HttpSandbox<LocalTaxRecords> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  return createHttpSandbox(
    {
      department: 'local-tax',
      records: localTaxRecords,
      empty: () => ({ wageTax: [], deedTax: [] }),
      index: (records) => ({
        wageTax: new PersonIndex(records.wageTax, (record) => [record.idNumber]),
        deedTax: new PersonIndex(records.deedTax, (record) => [record.idNumber]),
      }),
      routes: (desk) => registerRecordsQuery(desk, pageSize),
    },
    settings,
  );
}

function registerRecordsQuery(desk: LookupDesk<TaxIndex>, pageSize: number): void {
  desk.app.post('/records/query', (request, reply) => {
    const query = recordsQuery.safeParse(request.body);
    if (!query.success) {
      return reply.code(400).send({ error: 'BAD_QUERY', detail: z.prettifyError(query.error) });
    }
    const { ids, pageToken } = query.data;
    if (ids.length > LOCAL_TAX_MAX_BATCH) {
      return reply.code(422).send({ error: 'TOO_MANY_IDS', max: LOCAL_TAX_MAX_BATCH });
    }
    const offset = pageToken === undefined ? 0 : offsetOf(pageToken);
    if (offset === null) return reply.code(400).send({ error: 'BAD_PAGE_TOKEN' });

    // Only the first page is a new lookup; later pages continue it.
    if (offset === 0) desk.noteLookup(ids.length);
    return pageOf(itemsFor(desk.index(), ids), offset, pageSize);
  });
}

function itemsFor(index: TaxIndex, ids: readonly string[]): TaxItem[] {
  return [
    ...index.wageTax.find(ids).map((record) => ({ type: 'WAGE_TAX' as const, record })),
    ...index.deedTax.find(ids).map((record) => ({ type: 'DEED_TAX' as const, record })),
  ];
}

function pageOf(items: readonly TaxItem[], offset: number, pageSize: number) {
  const end = offset + pageSize;
  return {
    items: items.slice(offset, end),
    nextPageToken: end < items.length ? tokenFor(end) : null,
  };
}

function tokenFor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function offsetOf(token: string): number | null {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match ? Number(match[1]) : null;
}
