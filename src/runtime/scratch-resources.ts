import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Databases and Redis keys made for one run and removed after it: the
 * tests' and the bench's, on servers other runs may share.
 */

/** The URL of database `name` on the server `serverUrl` points at. */
export function databaseUrlOn(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` over one session of the server, for CREATE and DROP DATABASE. */
export async function withPostgresServer(
  serverUrl: string,
  work: (client: pg.Client) => Promise<void>,
): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Deletes every key whose name starts with `start`, and nothing else; returns how many. */
export async function deleteKeysStartingWith(redisUrl: string, start: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${start}*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
