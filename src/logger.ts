import pino, { type Logger, type LoggerOptions as PinoOptions } from 'pino';

/**
 * Paths that may hold personal data if an object is ever logged whole.
 * Code logs ids of checks and counts, never identity numbers or names; this
 * list is the second line of defence.
 */
const REDACTED_PATHS = [
  'idNumber',
  'members',
  'family',
  'records',
  '*.idNumber',
  '*.members',
  '*.family',
  '*.records',
  'req.body',
  'body',
];

export interface LoggerOptions {
  level: string;
  /** Commands whose stdout carries results log to stderr instead. */
  toStderr?: boolean;
}

/** The service's logger settings, apart from where lines go; tests read them into memory. */
export function createLoggerOptions(options: Pick<LoggerOptions, 'level'>): PinoOptions {
  return {
    name: 'crosscheck',
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  };
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(createLoggerOptions(options), pino.destination(options.toStderr ? 2 : 1));
}
