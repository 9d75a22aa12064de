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
    void shutdown(phases, logger, deadlineMs).then((clean) => process.exit(clean ? 0 : 1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
