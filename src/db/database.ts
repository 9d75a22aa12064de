import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';

import type { Database } from './schema.js';

// Dates stay as the 'YYYY-MM-DD' strings the domain speaks; node-postgres would
// otherwise turn them into local-midnight Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigint identities are returned as strings (the default), never as lossy numbers.

export interface DatabaseOptions {
  url: string;
  /** Connections in the pool. */
  poolSize?: number;
  /** Fail a query that waits this long for a connection instead of hanging. */
  connectionTimeoutMs?: number;
  /** Where a lost session is reported; silent without one. */
  logger?: Logger;
  /**
   * Whether a commit waits for its WAL to reach disk (the server's own
   * setting unless told). Only for writers whose every write can be redone:
   * the workers, whose lost last commits after a server crash leave lookups
   * open for the reconciler. Never for the API, whose accepted checks must
   * outlive any crash.
   */
  waitForDurableCommit?: boolean;
}

export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    application_name: 'crosscheck',
    ...(options.waitForDurableCommit === false ? { options: '-c synchronous_commit=off' } : {}),
  });
  survivePostgresRestarts(pool, options.logger);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * A session the server drops (a restart, a failover, a cut network) is
 * reported as an 'error' event on its client, and on the pool while it is
 * idle. Unheard, that event ends the process; heard, the query in progress
 * fails, the pool discards the session and the next query opens a new one.
 */
function survivePostgresRestarts(pool: pg.Pool, logger: Logger | undefined): void {
  pool.on('error', (err) => logger?.warn({ err }, 'idle database session lost'));
  // A session in use also fails the query it was running, which is where it is reported.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger?.debug({ err }, 'database session lost'));
  });
}
