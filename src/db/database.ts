import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

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
}

export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    application_name: 'crosscheck',
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
