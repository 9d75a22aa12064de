import { Writable } from 'node:stream';

import pino, { type Logger } from 'pino';

import { createLoggerOptions } from '../../src/logger.js';

export interface LogCapture {
  logger: Logger;
  /** Every line written so far. */
  text(): string;
}

/** The service's own logger at debug level, writing into memory instead of stdout. */
export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino(createLoggerOptions({ level: 'debug' }), sink);
  return { logger, text: () => chunks.join('') };
}
