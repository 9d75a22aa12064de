import net from 'node:net';

import type { Logger } from 'pino';

import type { SandboxFaults } from '../contract.js';
import { FaultModel } from './fault-model.js';

/**
 * A TCP proxy in front of the PostgreSQL server that holds the exchange
 * database. Exchange departments have no HTTP answer to slow down or refuse,
 * so their faults are shown on the wire, the way a connector meets them:
 * `down` resets new connections and cuts open ones; `errorRate` resets that
 * share of new connections and `ratePerSecond` those beyond the rate (open
 * sessions stay usable, as pooled sessions to a real gateway do); `latencyMs`
 * holds back every chunk the database sends.
 */
export interface ExchangeProxy {
  start(): Promise<void>;
  /** Cuts every open connection and stops listening; safe to call twice. */
  stop(): Promise<void>;
  /** The port it listens on, known once started. */
  readonly port: number;
  readonly faults: SandboxFaults;
  setFaults(faults: Partial<SandboxFaults>): void;
}

export interface ExchangeProxySettings {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The PostgreSQL server connections are relayed to. */
  target: { host: string; port: number };
  logger: Logger;
}

interface Link {
  client: net.Socket;
  database: net.Socket;
}

export function createExchangeProxy(settings: ExchangeProxySettings): ExchangeProxy {
  const logger = settings.logger.child({ component: 'exchange-proxy' });
  const links = new Set<Link>();
  const model = new FaultModel();
  let port = 0;
  let stopping: Promise<void> | null = null;

  const server = net.createServer((client) => {
    // A database has no status code to answer with: every fault becomes a refused connection.
    const fault = model.judge();
    if (fault !== null) {
      logger.debug({ fault: fault.kind }, 'exchange connection refused');
      refuse(client);
      return;
    }
    links.add(openLink(client, settings.target, () => model.faults.latencyMs, links));
  });

  return {
    async start() {
      port = await listen(server, settings.host, settings.port);
      logger.info({ host: settings.host, port }, 'exchange proxy listening');
    },
    stop() {
      stopping ??= closeProxy(server, links).then(() => {
        logger.info({ port }, 'exchange proxy stopped');
      });
      return stopping;
    },
    get port() {
      return port;
    },
    get faults() {
      return model.faults;
    },
    setFaults(changes) {
      // A department going down takes its open sessions with it, not only new ones.
      if (model.update(changes).down) cutAll(links);
    },
  };
}

/** Resets rather than closes, so the client sees a refusal and not a polite goodbye. */
function refuse(socket: net.Socket): void {
  socket.on('error', ignore);
  socket.resetAndDestroy();
}

function openLink(
  client: net.Socket,
  target: { host: string; port: number },
  latencyOf: () => number,
  links: Set<Link>,
): Link {
  const database = net.connect(target);
  const link = { client, database };

  const cancelRequests = relay(client, database, () => 0);
  const cancelAnswers = relay(database, client, latencyOf);

  const teardown = () => {
    cancelRequests();
    cancelAnswers();
    client.destroy();
    database.destroy();
    links.delete(link);
  };
  for (const socket of [client, database]) {
    socket.on('error', teardown);
    socket.on('close', teardown);
  }
  return link;
}

/**
 * Copies `from` into `to`, holding each chunk back by the current latency.
 * The source is paused while a chunk waits, so chunks keep their order and a
 * slow reader slows the writer. Returns a function that drops a waiting chunk.
 */
function relay(from: net.Socket, to: net.Socket, latencyOf: () => number): () => void {
  let waiting: NodeJS.Timeout | undefined;

  const send = (chunk: Buffer) => {
    waiting = undefined;
    if (to.destroyed) return;
    if (to.write(chunk)) from.resume();
    else to.once('drain', () => from.resume());
  };

  from.on('data', (chunk: Buffer) => {
    from.pause();
    const delay = latencyOf();
    if (delay > 0) waiting = setTimeout(send, delay, chunk);
    else send(chunk);
  });
  // 'end' only follows the last chunk, so a final error message still reaches the client.
  from.on('end', () => to.end());

  return () => clearTimeout(waiting);
}

function cutAll(links: Set<Link>): void {
  for (const { client, database } of links) {
    client.resetAndDestroy();
    database.destroy();
  }
  links.clear();
}

async function closeProxy(server: net.Server, links: Set<Link>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  cutAll(links);
  await closed;
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function ignore(): void {}
