import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer given to every request, to rehearse what a sandbox never says on its own. */
export interface CannedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON, unless it is a string, which is sent as it is. */
  body: unknown;
  /** Each answer is held back this long. */
  delayMs?: number;
  /** The first this many requests are answered 503 instead. */
  failFirst?: number;
}

export interface CannedServer {
  readonly url: string;
  /** Requests answered so far. */
  readonly calls: number;
  stop(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers every request the same way. */
export async function startCannedServer(answer: CannedAnswer): Promise<CannedServer> {
  let calls = 0;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const server = createServer((request, response) => {
    calls += 1;
    request.resume();
    const failing = calls <= (answer.failFirst ?? 0);
    const reply = () => {
      response.writeHead(failing ? 503 : answer.status ?? 200, {
        'content-type': 'application/json',
        ...answer.headers,
      });
      response.end(text);
    };
    if (answer.delayMs) setTimeout(reply, answer.delayMs);
    else reply();
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
