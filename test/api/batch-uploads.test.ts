import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { once } from 'node:events';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LocalStack } from '../../src/runtime/local-stack.js';
import { validFamily } from '../support/families.js';
import { pollUntil } from '../support/poll.js';
import { startTestStack } from '../support/stack.js';

/** Small enough that a test streams past it in a few dozen lines. */
const BODY_LIMIT = 20_000;

interface BatchRow {
  id: string;
  status: string;
  lines: number;
  accepted: number;
  rejected: number;
}

/** Uploads as a client on a socket does: line by line, and sometimes not to the end. */
describe('batch uploads over a socket', () => {
  let stack: LocalStack;
  const previousLimit = process.env.BATCH_BODY_LIMIT_BYTES;

  beforeAll(async () => {
    process.env.BATCH_BODY_LIMIT_BYTES = String(BODY_LIMIT);
    stack = await startTestStack();
  });

  afterAll(async () => {
    if (previousLimit === undefined) delete process.env.BATCH_BODY_LIMIT_BYTES;
    else process.env.BATCH_BODY_LIMIT_BYTES = previousLimit;
    await stack?.close();
  });

  const line = () => `${JSON.stringify(validFamily())}\n`;

  /** A chunked POST /v1/batches the test writes to as it likes. */
  function openUpload(): { request: ClientRequest; response: Promise<IncomingMessage> } {
    const request = httpRequest(new URL('/v1/batches', stack.baseUrl), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.tokens.submitter}`,
        'content-type': 'application/x-ndjson',
      },
    });
    request.on('error', () => undefined);
    const response = once(request, 'response').then(([answer]) => answer as IncomingMessage);
    // An upload the test breaks off itself never has an answer.
    response.catch(() => undefined);
    return { request, response };
  }

  async function batchesOf(submitter: string): Promise<BatchRow[]> {
    return stack.db.selectFrom('batches')
      .select(['id', 'status', 'lines', 'accepted', 'rejected'])
      .where('submitter', '=', submitter)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async function latestBatch(): Promise<BatchRow> {
    const [latest] = await batchesOf(stack.submitter);
    if (!latest) throw new Error('no batch stored');
    return latest;
  }

  it('rejects a line that is not UTF-8 by number, and takes the others', async () => {
    const good = Buffer.from(line());
    const broken = Buffer.from(line().replace('"周桂英"', '"\u0000桂英"'));
    // The first byte of 周 alone, where the NUL was: a sequence cut short.
    broken[broken.indexOf(0)] = 0xe5;
    const response = await stack.app.inject({
      method: 'POST',
      url: '/v1/batches',
      headers: {
        authorization: `Bearer ${stack.tokens.submitter}`,
        'content-type': 'application/x-ndjson',
      },
      payload: Buffer.concat([good, broken, Buffer.from(line())]),
    });

    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({
      lines: 3,
      accepted: 2,
      rejected: 1,
      rejections: [{ line: 2, problems: [{ path: 'line', message: 'is not valid UTF-8' }] }],
    });
  });

  it('marks a batch whose sender broke off interrupted, and drops its cut line', async () => {
    const before = (await batchesOf(stack.submitter)).length;
    const upload = openUpload();
    for (let i = 0; i < 5; i += 1) upload.request.write(line());
    upload.request.write(line().slice(0, 40));
    await pollUntil('the batch opened', async () =>
      (await batchesOf(stack.submitter)).length > before, 10_000);
    // Time for the lines in flight to be read; a slice is stored when it fills or the body ends.
    await new Promise((resolve) => setTimeout(resolve, 300));
    upload.request.destroy();

    await pollUntil('the batch ended', async () =>
      (await latestBatch()).status !== 'receiving', 10_000);
    expect(await latestBatch()).toMatchObject({
      status: 'interrupted', lines: 5, accepted: 5, rejected: 0,
    });
  });

  it('answers a body over the limit with the batch that kept its lines, and hangs up', async () => {
    const upload = openUpload();
    // Past the limit, then nothing more: the body is left unfinished, as a long one would be.
    for (let sent = 0; sent < BODY_LIMIT + 2_000;) {
      const next = line();
      upload.request.write(next);
      sent += Buffer.byteLength(next);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const response = await upload.response;
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      error: { code: string; message: string };
    };
    const batch = await latestBatch();

    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(response.headers.location).toBe(`/v1/batches/${batch.id}`);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.message).toContain(`were kept in batch ${batch.id}`);
    expect(batch.status).toBe('interrupted');
    expect(batch.lines).toBeGreaterThan(0);
    expect(batch.accepted).toBe(batch.lines);
    // The server ends the connection rather than wait for the rest of the body.
    const socket = upload.request.socket;
    if (socket && !socket.destroyed) await once(socket, 'close');
  }, 30_000);
});
