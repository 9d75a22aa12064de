import {
  createExchangeProxy,
  type ExchangeProxy,
} from '../../connectors/sandbox/exchange-proxy.js';
import { silentLogger } from './logger.js';

/**
 * A TCP proxy between the service and PostgreSQL, on a free port of
 * 127.0.0.1. Cutting it (`down`) drops every open session and refuses new
 * ones, which is what the service sees of a PostgreSQL restart, without
 * restarting the server other databases live on.
 */
export async function startPostgresProxy(databaseUrl: string): Promise<{
  proxy: ExchangeProxy;
  /** `databaseUrl`, reached through the proxy. */
  url: string;
}> {
  const target = new URL(databaseUrl);
  const proxy = createExchangeProxy({
    host: '127.0.0.1',
    port: 0,
    target: { host: target.hostname, port: Number(target.port || 5432) },
    logger: silentLogger,
  });
  await proxy.start();

  const through = new URL(databaseUrl);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  return { proxy, url: through.toString() };
}
