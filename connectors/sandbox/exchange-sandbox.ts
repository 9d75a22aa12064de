import pg from 'pg';

import type { Sandbox, SandboxSettings } from '../contract.js';
import { qualifiedName, type ExchangeTable } from '../exchange-table.js';
import { createExchangeProxy } from './exchange-proxy.js';

/**
 * The department's side of an exchange: it owns its table in the exchange
 * database and republishes the whole of it on every load, as the real
 * departments do with their nightly snapshots. Connectors reach the table
 * through a proxy that shows the department's faults; the sandbox itself
 * writes over a direct session, so its own loads never suffer them.
 */
export function createExchangeSandbox<Row extends Record<string, unknown>>(
  settings: SandboxSettings,
  table: ExchangeTable<Row>,
): Sandbox<{ rows: Row[] }> {
  const databaseUrl = requireExchangeUrl(settings, table.department);
  const logger = settings.logger.child({ department: table.department, role: 'sandbox' });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', (err) => logger.warn({ err }, 'sandbox session lost'));
  const proxy = createExchangeProxy({
    host: settings.host,
    port: settings.port,
    target: serverOf(databaseUrl),
    logger,
  });
  let started = false;
  let stopping: Promise<void> | null = null;

  return {
    async start() {
      await createPublication(pool, table);
      await proxy.start();
      started = true;
      logger.info({ table: qualifiedName(table), port: proxy.port }, 'sandbox started');
    },
    stop() {
      stopping ??= Promise.all([proxy.stop(), pool.end()]).then(() => {
        logger.info({ table: qualifiedName(table) }, 'sandbox stopped');
      });
      return stopping;
    },
    get url() {
      if (!started) throw new Error(`${table.department} sandbox has not started`);
      return throughProxy(databaseUrl, settings.host, proxy.port);
    },
    async load(records) {
      await publishRows(pool, table, records.rows);
      logger.info({ rows: records.rows.length }, 'sandbox data set loaded');
    },
    setFaults(faults) {
      proxy.setFaults(faults);
      logger.info({ faults: proxy.faults }, 'sandbox faults changed');
    },
    get faults() {
      return proxy.faults;
    },
  };
}

function requireExchangeUrl(settings: SandboxSettings, department: string): string {
  if (settings.exchangeDatabaseUrl === undefined) {
    throw new Error(`${department} sandbox needs the exchange database URL`);
  }
  return settings.exchangeDatabaseUrl;
}

function serverOf(databaseUrl: string): { host: string; port: number } {
  const url = new URL(databaseUrl);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

function throughProxy(databaseUrl: string, host: string, port: number): string {
  const url = new URL(databaseUrl);
  url.hostname = host;
  url.port = String(port);
  return url.toString();
}

/**
 * Schema, table and index, each only if missing. Several sandboxes may start
 * at once against one exchange database, and concurrent `IF NOT EXISTS` can
 * still collide in the catalog, so creation is serialised on a lock.
 */
async function createPublication<Row>(pool: pg.Pool, table: ExchangeTable<Row>): Promise<void> {
  const name = qualifiedName(table);
  const columns = table.columns.map((column) => `${column.name} ${column.type}`);

  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${table.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${name} (
        ${columns.join(',\n        ')},
        published_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${table.table}_${table.idColumn}_idx
        ON ${name} (${table.idColumn})`,
    );
  });
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for any of our tables. */
const ROWS_PER_STATEMENT = 2000;

/** Replaces the published rows in one transaction, so a reader sees the old set or the new. */
async function publishRows<Row extends Record<string, unknown>>(
  pool: pg.Pool,
  table: ExchangeTable<Row>,
  rows: readonly Row[],
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`TRUNCATE ${qualifiedName(table)}`);
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const statement = insertStatement(table, rows.slice(start, start + ROWS_PER_STATEMENT));
      await client.query(statement.sql, statement.values);
    }
  });
}

function insertStatement<Row extends Record<string, unknown>>(
  table: ExchangeTable<Row>,
  rows: readonly Row[],
): { sql: string; values: unknown[] } {
  const names = table.columns.map((column) => column.name);
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = names.map((name) => {
      values.push(row[name] ?? null);
      return `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });

  const sql = `INSERT INTO ${qualifiedName(table)} (${names.join(', ')})
    VALUES ${tuples.join(',\n      ')}`;
  return { sql, values };
}

async function inTransaction(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  // A session lost mid-load also reports on the client; the pending query carries the failure.
  client.on('error', ignoreRollbackFailure);
  let failed = false;
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(ignoreRollbackFailure);
    throw error;
  } finally {
    client.off('error', ignoreRollbackFailure);
    client.release(failed);
  }
}

/** The original error matters more than a rollback, or a report, from a broken session. */
function ignoreRollbackFailure(): void {}
