import type { Logger } from 'pino';

import { departments } from '../../connectors/registry.js';
import { type Config, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

/** What every command starts from: the configuration, read once, and a logger. */
export function commandContext(options: { logsToStderr?: boolean; quiet?: boolean } = {}): {
  config: Config;
  logger: Logger;
} {
  const config = loadConfig(departments);
  // A command that prints results logs only errors unless told otherwise:
  // retries are part of what it shows, not something to look at.
  const level = options.quiet && !process.env.LOG_LEVEL ? 'error' : config.logLevel;
  return { config, logger: createLogger({ level, toStderr: options.logsToStderr }) };
}

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`${value} is not a positive whole number`);
  }
  return parsed;
}
