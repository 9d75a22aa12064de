import { z } from 'zod';

import type { Connector, ConnectorSettings, LookupContext } from '../contract.js';
import { DepartmentAnswerInvalidError } from '../errors.js';
import { createDepartmentClient, lookupInBatches, type DepartmentClient } from '../http-client.js';
import {
  deedTaxRecord,
  wageTaxRecord,
  type LocalTaxRecords,
} from './local-tax.records.js';

const DEPARTMENT = 'local-tax';

/** A department that keeps handing out tokens is broken, not busy. */
const MAX_PAGES = 1000;

const recordsPage = z.object({
  items: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('WAGE_TAX'), record: wageTaxRecord }),
      z.object({ type: z.literal('DEED_TAX'), record: deedTaxRecord }),
    ]),
  ),
  nextPageToken: z.string().nullable(),
});

type RecordsPage = z.infer<typeof recordsPage>;

/** Asks the local tax bureau about up to `batchSize` persons per query, following its pages. */
export function createLocalTaxConnector(settings: ConnectorSettings): Connector<LocalTaxRecords> {
  const client = createDepartmentClient(DEPARTMENT, settings);

  return {
    lookup: (idNumbers, context) =>
      lookupInBatches(idNumbers, settings.batchSize, { wageTax: [], deedTax: [] }, (batch) =>
        askAllPages(client, batch, context),
      ),
    close: () => client.close(),
  };
}

async function askAllPages(
  client: DepartmentClient,
  ids: string[],
  context: LookupContext,
): Promise<LocalTaxRecords> {
  const records: LocalTaxRecords = { wageTax: [], deedTax: [] };
  let pageToken: string | null = null;

  for (let pages = 0; pages < MAX_PAGES; pages += 1) {
    const page = await askPage(client, ids, pageToken, context);
    collect(records, page);
    pageToken = page.nextPageToken;
    if (pageToken === null) return records;
  }
  throw new DepartmentAnswerInvalidError(DEPARTMENT, `nextPageToken: more than ${MAX_PAGES} pages`);
}

function askPage(
  client: DepartmentClient,
  ids: string[],
  pageToken: string | null,
  context: LookupContext,
): Promise<RecordsPage> {
  const body = pageToken === null ? { ids } : { ids, pageToken };
  return client.send(
    { method: 'POST', path: '/records/query', body, answer: recordsPage, persons: ids.length },
    context,
  );
}

function collect(records: LocalTaxRecords, page: RecordsPage): void {
  for (const item of page.items) {
    if (item.type === 'WAGE_TAX') records.wageTax.push(item.record);
    else records.deedTax.push(item.record);
  }
}
