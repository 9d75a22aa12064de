import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import {
  BodyTooLargeError,
  type NdjsonLine,
  UploadBrokenOffError,
  readNdjsonLines,
} from './ndjson-lines.js';

const limits = { maxBytes: 1 << 20, maxLineBytes: 64 };

async function linesOf(chunks: Buffer[], options = limits): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  for await (const line of readNdjsonLines(Readable.from(chunks), options)) lines.push(line);
  return lines;
}

describe('readNdjsonLines', () => {
  it('numbers lines as an editor does, skipping blank ones and CR of CRLF', async () => {
    const lines = await linesOf([Buffer.from('{"a":1}\r\n\n  \n{"b":2}\n{"c":3}')]);

    expect(lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 4, text: '{"b":2}' },
      { number: 5, text: '{"c":3}' },
    ]);
  });

  it('joins a line, and a character, split across chunks', async () => {
    const bytes = Buffer.from('{"name":"周桂英"}\n');
    const lines = await linesOf([bytes.subarray(0, 11), bytes.subarray(11)]);

    expect(lines).toEqual([{ number: 1, text: '{"name":"周桂英"}' }]);
  });

  it('reports a line longer than the limit without keeping it, and goes on', async () => {
    const long = 'x'.repeat(50);
    const lines = await linesOf([Buffer.from(`${long}`), Buffer.from(`${long}\n{"ok":1}\n`)]);

    expect(lines).toEqual([
      { number: 1, tooLong: true },
      { number: 2, text: '{"ok":1}' },
    ]);
  });

  it('reports a line that is not UTF-8 rather than decode it into another text', async () => {
    const cut = Buffer.from('{"name":"周"}\n').subarray(0, 11);
    const lines = await linesOf([cut, Buffer.from('"}\n{"ok":1}\n')]);

    expect(lines).toEqual([
      { number: 1, notUtf8: true },
      { number: 2, text: '{"ok":1}' },
    ]);
  });

  it('drops the cut last line of a body whose sender broke off, and says so', async () => {
    const read: NdjsonLine[] = [];
    const body = Readable.from([Buffer.from('{"a":1}\n{"b":')]);
    const reading = (async () => {
      const lines = readNdjsonLines(body, { ...limits, complete: () => false });
      for await (const line of lines) read.push(line);
    })();

    await expect(reading).rejects.toThrow(UploadBrokenOffError);
    expect(read).toEqual([{ number: 1, text: '{"a":1}' }]);
  });

  it('stops at the body limit', async () => {
    const chunks = [Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n')];

    await expect(linesOf(chunks, { ...limits, maxBytes: 10 })).rejects.toThrow(BodyTooLargeError);
  });
});
