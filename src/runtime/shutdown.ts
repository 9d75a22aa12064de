import type { Logger } from 'pino';

export interface ShutdownPhase {
  name: string;
  run(): Promise<void>;
}

/**
 * Runs the phases in order, each logged, the whole bounded by a deadline
 * whose timer is cleared when they finish. Returns false if a phase failed or
 * the deadline passed.
 */
export async function shutdown(
  phases: readonly ShutdownPhase[],
  logger: Logger,
  deadlineMs: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  const work = (async () => {
    let clean = true;
    for (const phase of phases) {
      try {
        await phase.run();
        logger.info({ phase: phase.name }, 'shutdown phase done');
      } catch (err) {
        clean = false;
        logger.error({ err, phase: phase.name }, 'shutdown phase failed');
      }
    }
    return clean;
  })();
  const clean = await Promise.race([work, deadline]);
  clearTimeout(timer);
  if (!clean) logger.warn('shutdown did not finish cleanly');
  return clean;
}

/**
 * Runs `shutdown` once on the first SIGINT or SIGTERM and exits with 0 when
 * it finished cleanly.
 */
export function shutdownOnSignals(
  phases: readonly ShutdownPhase[],
  logger: Logger,
  deadlineMs = 30_000,
): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    void shutdown(phases, logger, deadlineMs).then((clean) => exitAfterLogs(logger, clean ? 0 : 1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** Lines still buffered for stdout are given this long to be written before the exit. */
const LOG_FLUSH_MS = 1000;

/**
 * Exits once the log lines written so far have reached their destination:
 * exiting at once can drop the last phases' lines or write them out of order.
 */
function exitAfterLogs(logger: Logger, code: number): void {
  const exit = () => process.exit(code);
  setTimeout(exit, LOG_FLUSH_MS);
  logger.flush(exit);
}

/** What `closeHttpApi` needs of a Fastify app. */
export interface ClosableApi {
  close(): Promise<unknown>;
  readonly server: { closeIdleConnections(): void };
}

/** How often connections that have just answered their last request are let go. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops taking requests and waits for those in flight. A kept-alive
 * connection whose request was still in flight when closing began becomes
 * idle only once it is answered, and would hold the close for the whole
 * keep-alive timeout; such connections are closed as soon as they are idle.
 */
export async function closeHttpApi(app: ClosableApi): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}
