import type { Logger } from 'pino';

import type { AnyDepartment, Sandbox } from '../../connectors/contract.js';
import { FIRST_SANDBOX_PORT } from '../config.js';

export interface SandboxOptions {
  departments: readonly AnyDepartment[];
  host: string;
  /** Fixed ports from FIRST_SANDBOX_PORT in registry order, or free ones. */
  ports: 'fixed' | 'free';
  exchangeDatabaseUrl: string;
  logger: Logger;
}

export type RunningSandboxes = Map<string, Sandbox<unknown>>;

/** Starts one sandbox per department. */
export async function startSandboxes(options: SandboxOptions): Promise<RunningSandboxes> {
  const running: RunningSandboxes = new Map();
  try {
    for (const [index, department] of options.departments.entries()) {
      const sandbox = department.createSandbox({
        host: options.host,
        port: options.ports === 'fixed' ? FIRST_SANDBOX_PORT + index : 0,
        exchangeDatabaseUrl: options.exchangeDatabaseUrl,
        logger: options.logger.child({ sandbox: department.name }),
      });
      await sandbox.start();
      running.set(department.name, sandbox);
    }
  } catch (err) {
    await stopSandboxes(running);
    throw err;
  }
  return running;
}

export async function stopSandboxes(sandboxes: RunningSandboxes): Promise<void> {
  await Promise.all([...sandboxes.values()].map((s) => s.stop()));
}

/**
 * Loads each department's part of a data set; a department missing from it
 * holds nothing, and so does a record list missing from a department's part.
 */
export async function loadSandboxes(
  sandboxes: RunningSandboxes,
  departments: readonly AnyDepartment[],
  records: Partial<Record<string, unknown>>,
): Promise<void> {
  await Promise.all(
    departments.map(async (department) => {
      const sandbox = sandboxes.get(department.name);
      const holding = { ...(department.empty() as object), ...(records[department.name] ?? {}) };
      await sandbox?.load(department.records.parse(holding));
    }),
  );
}
