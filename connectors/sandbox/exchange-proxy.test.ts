import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';

import { silentLogger } from '../../test/support/logger.js';
import { createExchangeProxy, type ExchangeProxy } from './exchange-proxy.js';

const exchangeUrl = new URL(inject('exchangeDatabaseUrl'));

let proxy: ExchangeProxy;
const clients: pg.Client[] = [];

beforeEach(async () => {
  proxy = createExchangeProxy({
    host: '127.0.0.1',
    port: 0,
    target: { host: exchangeUrl.hostname, port: Number(exchangeUrl.port || 5432) },
    logger: silentLogger,
  });
  await proxy.start();
});

afterEach(async () => {
  await proxy.stop();
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
});

function clientThroughProxy(): pg.Client {
  const url = new URL(exchangeUrl);
  url.port = String(proxy.port);
  const client = new pg.Client({ connectionString: url.toString() });
  // A cut session also reports on the client's emitter; the tests read it from the promises.
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

async function connectedClient(): Promise<pg.Client> {
  const client = clientThroughProxy();
  await client.connect();
  return client;
}

/** Settles when the session ends, however it ends: a reset reports as an error first. */
function sessionClosed(client: pg.Client): Promise<void> {
  return new Promise((resolve) => {
    client.once('end', () => resolve());
    client.once('error', () => resolve());
  });
}

describe('exchange proxy', () => {
  it('relays a session to the exchange database', async () => {
    const client = await connectedClient();

    const result = await client.query<{ answer: number }>('SELECT 42 AS answer');

    expect(result.rows).toEqual([{ answer: 42 }]);
  });

  it('refuses new connections while the department is down', async () => {
    proxy.setFaults({ down: true });

    await expect(clientThroughProxy().connect()).rejects.toThrow();
  });

  it('cuts open sessions when the department goes down', async () => {
    const client = await connectedClient();
    const ended = sessionClosed(client);

    proxy.setFaults({ down: true });

    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
  });

  it('lets connections through again once the department is back', async () => {
    proxy.setFaults({ down: true });
    await expect(clientThroughProxy().connect()).rejects.toThrow();

    proxy.setFaults({ down: false });

    const client = await connectedClient();
    await expect(client.query('SELECT 1')).resolves.toBeDefined();
  });

  it('holds every answer back by the latency', async () => {
    const client = await connectedClient();
    proxy.setFaults({ latencyMs: 150 });

    const started = performance.now();
    await client.query('SELECT 1');
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(145);
  });

  it('keeps a large answer whole and in order under latency', async () => {
    const client = await connectedClient();
    proxy.setFaults({ latencyMs: 5 });

    const result = await client.query<{ n: number }>(
      'SELECT n, repeat(\'x\', 200) AS filler FROM generate_series(1, 5000) AS n',
    );

    expect(result.rows.map((row) => row.n)).toEqual(
      Array.from({ length: 5000 }, (_, index) => index + 1),
    );
  });

  it('drops new connections at the error rate', async () => {
    proxy.setFaults({ errorRate: 1 });
    await expect(clientThroughProxy().connect()).rejects.toThrow();

    proxy.setFaults({ errorRate: 0 });
    await expect(connectedClient()).resolves.toBeDefined();
  });

  it('refuses connections beyond the rate a second', async () => {
    proxy.setFaults({ ratePerSecond: 1 });

    await connectedClient();

    await expect(clientThroughProxy().connect()).rejects.toThrow();
  });

  it('cuts every session when it stops', async () => {
    const client = await connectedClient();
    const ended = sessionClosed(client);

    await proxy.stop();

    await ended;
    await expect(clientThroughProxy().connect()).rejects.toThrow();
  });

  it('rejects faults out of range', () => {
    expect(() => proxy.setFaults({ errorRate: 2 })).toThrow();
  });
});
