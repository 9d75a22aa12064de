import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ApiTarget {
  /** Base URL of the API, e.g. http://127.0.0.1:3000. */
  api: string;
  token: string;
}

export interface UploadResult {
  status: number;
  body: unknown;
}

/**
 * Sends a file to POST /v1/batches as a stream, never reading it whole,
 * reporting bytes sent as they go. An answer that comes before the last
 * byte (a refused token, a body too large) stops the upload.
 */
export async function uploadBatch(
  target: ApiTarget,
  file: string,
  onProgress: (sent: number, size: number) => void,
): Promise<UploadResult> {
  const { size } = await stat(file);
  const url = new URL('/v1/batches', target.api);
  const client = url.protocol === 'https:' ? https : http;
  const request = client.request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/x-ndjson',
      'content-length': size,
    },
  });

  const answered = once(request, 'response') as Promise<[IncomingMessage]>;
  const sending = pipeline(createReadStream(file), countBytes(size, onProgress), request);
  // An early answer ends the upload with an error that says less than the answer does.
  sending.catch(() => undefined);

  const [response] = await answered;
  if (response.statusCode !== 202) request.destroy();
  else await sending;
  return { status: response.statusCode ?? 0, body: await readJson(response) };
}

function countBytes(size: number, onProgress: (sent: number, size: number) => void): Transform {
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sent += chunk.length;
      onProgress(sent, size);
      callback(null, chunk);
    },
  });
}

async function readJson(response: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: { code: 'NOT_JSON', message: text.slice(0, 200), problems: [] } };
  }
}
