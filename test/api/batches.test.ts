import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { issueToken } from '../../src/auth/issue-token.service.js';
import { generateFamilies } from '../../src/dataset/generate-dataset.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';
import { validFamily } from '../support/families.js';
import { startTestStack } from '../support/stack.js';
import { waitForSubmitter } from '../support/wait.js';

interface Receipt {
  id: string;
  status: string;
  lines: number;
  accepted: number;
  repeated: number;
  rejected: number;
  rejections: Array<{ line: number; problems: Array<{ path: string; message: string }> }>;
}

interface Progress extends Omit<Receipt, 'rejections'> {
  checks: { queued: number; running: number; complete: number; partial: number };
}

const AREA = '430102';

describe('POST /v1/batches', () => {
  let stack: LocalStack;
  let submitter: { name: string; token: string };

  beforeAll(async () => {
    stack = await startTestStack();
    submitter = await newSubmitter(AREA);
  });

  afterAll(async () => {
    await stack.close();
  });

  async function newSubmitter(area: string) {
    const name = `batch-${randomBytes(4).toString('hex')}`;
    const issued = await issueToken(stack.db, { name, role: 'submitter', area });
    return { name, token: issued.token };
  }

  async function families(count: number, countyPrefixes = [AREA]): Promise<string[]> {
    const referencePrefix = `B${randomBytes(3).toString('hex')}-`;
    const lines: string[] = [];
    const options = { seed: 7, families: count, countyPrefixes, referencePrefix };
    for await (const g of generateFamilies(options)) lines.push(JSON.stringify(g.family));
    return lines;
  }

  async function send(payload: string | Readable, token = submitter.token) {
    return stack.app.inject({
      method: 'POST',
      url: '/v1/batches',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      payload,
    });
  }

  async function get<T>(url: string, token = submitter.token) {
    const response = await stack.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  it('reports exactly the bad lines by number and checks every other one', async () => {
    const lines = await families(300);
    const applicant = JSON.parse(lines[4] ?? '') as { members: Array<{ idNumber: string }> };
    const id = applicant.members[0]?.idNumber ?? '';
    const wrongCheck = id.endsWith('0') ? `${id.slice(0, 17)}1` : `${id.slice(0, 17)}0`;
    lines[4] = (lines[4] ?? '').replace(id, wrongCheck);
    lines[16] = '{"reference": "B-broken", ';
    lines[41] = JSON.stringify({ ...JSON.parse(lines[41] ?? ''), extra: true });
    lines[49] = '';
    lines[99] = (await families(1, ['430103']))[0] ?? '';

    const response = await send(`${lines.join('\n')}\n`);

    expect(response.statusCode).toBe(202);
    const receipt = response.json<Receipt>();
    expect(receipt).toMatchObject({ status: 'queued', lines: 299, accepted: 295, rejected: 4 });
    expect(receipt.rejections.map((r) => r.line)).toEqual([5, 17, 42, 100]);
    const [idProblem, json, extra, outside] = receipt.rejections.map((r) => r.problems);
    expect(idProblem?.map((p) => p.path)).toEqual(['members.0.idNumber']);
    expect(idProblem?.[0]?.message).toContain('identity number');
    expect(json).toEqual([{ path: 'line', message: 'is not valid JSON' }]);
    expect(extra?.map((p) => p.path)).toEqual(['line']);
    expect(extra?.[0]?.message).toContain('extra');
    expect(outside).toEqual([{ path: 'areaCode', message: `must lie within ${AREA}` }]);

    await waitForSubmitter(stack.db, submitter.name);
    const progress = await get<Progress>(`/v1/batches/${receipt.id}`);
    expect(progress.status).toBe(200);
    expect(progress.body.checks.complete + progress.body.checks.partial).toBe(295);
    expect(progress.body.checks).toMatchObject({ queued: 0, running: 0 });
  });

  it('keeps the first check of a reference, ' +
    'within a batch and after a single submission', async () => {
    const single = validFamily();
    const posted = await stack.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: { authorization: `Bearer ${submitter.token}` },
      payload: single,
    });
    expect(posted.statusCode).toBe(202);
    const inBatch = validFamily();
    const filler = await families(260);
    const lines = [
      JSON.stringify(single),
      JSON.stringify({ ...single, assistance: 'medical-assistance' }),
      JSON.stringify(inBatch),
      ...filler,
      // Past the first slice of the batch, so the first is already stored.
      JSON.stringify({ ...inBatch, assistance: 'medical-assistance' }),
      JSON.stringify(inBatch),
    ];

    const receipt = (await send(lines.join('\n'))).json<Receipt>();

    expect(receipt).toMatchObject({ lines: 265, accepted: 263, repeated: 2, rejected: 2 });
    expect(receipt.rejections).toEqual([
      { line: 2, problems: [expect.objectContaining({ path: 'reference' })] },
      { line: 264, problems: [expect.objectContaining({ path: 'reference' })] },
    ]);
    const kept = await stack.db
      .selectFrom('checks')
      .select(['id', 'reference', 'assistance', 'batch_id'])
      .where('reference', 'in', [single.reference as string, inBatch.reference as string])
      .orderBy('submitted_at')
      .execute();
    expect(kept.map((row) => [row.reference, row.assistance, row.batch_id])).toEqual([
      [single.reference, single.assistance, null],
      [inBatch.reference, inBatch.assistance, receipt.id],
    ]);
    expect(kept[0]?.id).toBe(posted.json<{ id: string }>().id);
  });

  it('pages the rejected lines by cursor', async () => {
    const receipt = (await send(['x', '{}', '[]', 'null', '"'].join('\n'))).json<Receipt>();

    const first = await get<{ items: Receipt['rejections']; nextCursor: string | null }>(
      `/v1/batches/${receipt.id}/rejections?limit=3`,
    );
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');
    const second = await get<{ items: Receipt['rejections']; nextCursor: string | null }>(
      `/v1/batches/${receipt.id}/rejections?limit=3&cursor=${cursor}`,
    );

    expect(first.body.items.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(second.body.items.map((r) => r.line)).toEqual([4, 5]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows a batch only to the submitter that sent it', async () => {
    const receipt = (await send('x')).json<Receipt>();
    const other = await newSubmitter('CN');

    expect((await get(`/v1/batches/${receipt.id}`, other.token)).status).toBe(404);
    expect((await get(`/v1/batches/${receipt.id}`, stack.tokens.caseworker)).status).toBe(403);
  });

  it('refuses a body that is not newline-delimited JSON', async () => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/v1/batches',
      headers: { authorization: `Bearer ${submitter.token}` },
      payload: validFamily(),
    });

    expect(response.statusCode).toBe(415);
  });

  it('reads 100,000 lines as they arrive, never far ahead of what it has stored', async () => {
    const total = 100_000;
    const line = `{"reference": "${'x'.repeat(180)}\n`;
    let produced = 0;
    let mostAhead = 0;
    const nextLine = async (): Promise<string | null> => {
      if (produced % 5000 === 0 && produced > 0) {
        mostAhead = Math.max(mostAhead, produced - (await linesStored()));
      }
      produced += 1;
      return produced <= total ? line : null;
    };
    const body = new Readable({
      read() {
        nextLine().then((chunk) => this.push(chunk), (err: Error) => this.destroy(err));
      },
    });

    const receipt = (await send(body)).json<Receipt>();

    expect(receipt).toMatchObject({ lines: total, rejected: total });
    // Two slices and the stream's own buffers; a body held whole would be all of it.
    expect(mostAhead).toBeLessThan(2_000);
  }, 120_000);

  async function linesStored(): Promise<number> {
    const rows = await stack.db
      .selectFrom('batches')
      .select('lines')
      .where('submitter', '=', submitter.name)
      .where('status', '=', 'receiving')
      .execute();
    return rows.reduce((sum, row) => sum + row.lines, 0);
  }
});
