import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** One line of a newline-delimited body, numbered from 1 as an editor shows it. */
export type NdjsonLine =
  | { number: number; text: string }
  | { number: number; tooLong: true }
  | { number: number; notUtf8: true };

export interface NdjsonLimits {
  /** Bytes the whole body may hold. */
  maxBytes: number;
  /** Bytes one line may hold; a longer line is reported, not kept. */
  maxLineBytes: number;
  /**
   * Whether the sender finished the body; false when it broke off. A body
   * that ends unfinished has its last, cut line dropped, not judged.
   */
  complete?: () => boolean;
}

/** The body went past its limit; what was read before it stands. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The sender broke off before the end of the body; what was read before it stands. */
export class UploadBrokenOffError extends Error {
  constructor() {
    super('the upload broke off before the end of the body');
    this.name = 'UploadBrokenOffError';
  }
}

/**
 * The non-blank lines of a stream, one at a time. Only the line being read
 * is held, and at most `maxLineBytes` of it: a body with no newline at all
 * must not end up whole in memory. Lines are split on bytes, where a newline
 * can never be part of a multi-byte character, and decoded once complete.
 */
export async function* readNdjsonLines(
  stream: Readable,
  limits: NdjsonLimits,
): AsyncGenerator<NdjsonLine, void, undefined> {
  const line = new LineBuffer(limits.maxLineBytes);
  let total = 0;
  let number = 0;

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limits.maxBytes) throw new BodyTooLargeError(limits.maxBytes);

    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      line.append(chunk.subarray(start, end));
      number += 1;
      const done = line.take(number);
      if (done) yield done;
      start = end + 1;
    }
    line.append(chunk.subarray(start));
  }

  if (limits.complete && !limits.complete()) throw new UploadBrokenOffError();
  const last = line.take(number + 1);
  if (last) yield last;
}

/** The pieces of the line being read, dropped once it is known to be too long. */
class LineBuffer {
  private pieces: Buffer[] = [];
  private length = 0;
  private tooLong = false;

  constructor(private readonly maxBytes: number) {}

  append(piece: Buffer): void {
    if (piece.length === 0 || this.tooLong) return;
    this.length += piece.length;
    if (this.length > this.maxBytes) {
      this.tooLong = true;
      this.pieces = [];
      return;
    }
    // A copy: the stream may reuse the chunk's memory once we move on.
    this.pieces.push(Buffer.from(piece));
  }

  /** The line as it ends here, or null for a blank one; the buffer starts over. */
  take(number: number): NdjsonLine | null {
    const tooLong = this.tooLong;
    const bytes = tooLong ? Buffer.alloc(0) : Buffer.concat(this.pieces, this.length);
    this.pieces = [];
    this.length = 0;
    this.tooLong = false;

    if (tooLong) return { number, tooLong: true };
    const end = bytes.at(-1) === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
    // Decoding would turn a broken sequence into U+FFFD and store a changed name.
    if (!isUtf8(bytes.subarray(0, end))) return { number, notUtf8: true };
    const text = bytes.toString('utf8', 0, end);
    return text.trim() === '' ? null : { number, text };
  }
}
