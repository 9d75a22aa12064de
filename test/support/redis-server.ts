import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

import { Redis } from 'ioredis';

import { freePort } from './free-port.js';
import { pollUntil } from './poll.js';

/**
 * A redis-server of a test's own on a free port of 127.0.0.1, without
 * persistence: killed and started again it comes back empty, as a Redis
 * that lost everything in flight. The shared Redis is never touched.
 */
export interface OwnRedis {
  readonly url: string;
  /** SIGKILL, and resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty; does nothing while it runs. */
  start(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;

  const running = () => server !== null && server.exitCode === null && server.signalCode === null;
  const own: OwnRedis = {
    url,
    async kill() {
      if (!server || !running()) return;
      const exited = once(server, 'exit');
      server.kill('SIGKILL');
      await exited;
    },
    async start() {
      if (running()) return;
      server = spawn('/usr/bin/redis-server', [
        '--port', String(port), '--bind', '127.0.0.1',
        '--save', '', '--appendonly', 'no', '--daemonize', 'no',
      ], { stdio: 'ignore' });
      await pollUntil('redis-server answers', () => answers(url), 10_000);
    },
  };
  await own.start();
  return own;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
