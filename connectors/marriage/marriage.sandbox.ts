/**
 * Marriage sandbox. Protocol of the civil-affairs marriage register:
 *
 *   POST /marriage/v1/records/search   { ids: [...] }   at most 10 persons
 *   200 { total, records: [{ type, registeredOn, man, woman }] }
 *
 * A record is answered when an asked person is its man or its woman, once
 * even when both were asked. Legacy rows keep their 15-digit numbers. More
 * than 10 persons is refused with 400 and `{ code: 'TOO_MANY_IDS', max }`.
 */
import { z } from 'zod';

import type { SandboxSettings } from '../contract.js';
import { createHttpSandbox, type HttpSandbox, type LookupDesk } from '../sandbox/http-sandbox.js';
import { PersonIndex } from '../sandbox/person-index.js';
import {
  marriageRecords,
  type MarriageRecord,
  type MarriageRecords,
} from './marriage.records.js';

export const MARRIAGE_MAX_BATCH = 10;

type RecordIndex = PersonIndex<MarriageRecord>;

const recordsSearch = z.object({ ids: z.array(z.string()).min(1) });

export function createMarriageSandbox(settings: SandboxSettings): HttpSandbox<MarriageRecords> {
  return createHttpSandbox(
    {
      department: 'marriage',
      records: marriageRecords,
      empty: () => ({ records: [] }),
      index: (records) => new PersonIndex(records.records, (record) => [record.man, record.woman]),
      routes: registerRecordsSearch,
    },
    settings,
  );
}

function registerRecordsSearch(desk: LookupDesk<RecordIndex>): void {
  desk.app.post('/marriage/v1/records/search', (request, reply) => {
    const search = recordsSearch.safeParse(request.body);
    if (!search.success) {
      return reply.code(400).send({ code: 'BAD_SEARCH', detail: z.prettifyError(search.error) });
    }
    const { ids } = search.data;
    if (ids.length > MARRIAGE_MAX_BATCH) {
      return reply.code(400).send({ code: 'TOO_MANY_IDS', max: MARRIAGE_MAX_BATCH });
    }

    desk.noteLookup(ids.length);
    const records = desk.index().find(ids);
    return { total: records.length, records };
  });
}
