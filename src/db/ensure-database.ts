import pg from 'pg';

/**
 * Creates the database a connection string names when it does not exist yet,
 * through the server's `postgres` database. Lets a fresh machine run the demo
 * with nothing but a running server.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error('database name must be letters, digits or _');

  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (err) {
    // Another process created it between our look and our create.
    if (err instanceof Error && 'code' in err && err.code === '42P04') return false;
    throw err;
  } finally {
    await client.end();
  }
}
