import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { type Config, type DepartmentSettings, settingsPrefix } from '../../src/config.js';
import type { LogLine } from './log-lines.js';
import { pollUntil } from './poll.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A `crosscheck` command running as a process of its own, its log lines read back. */
export interface ChildCommand {
  readonly process: ChildProcess;
  readonly logs: LogLine[];
  /** Exit code; null when a signal ended it. */
  readonly exited: Promise<number | null>;
  /** The first line with this message, or that matches, once it is written. */
  waitForLog(match: string | ((line: LogLine) => boolean), timeoutMs?: number): Promise<LogLine>;
  /** Ends it with SIGKILL unless it has ended already; for afterAll. */
  stop(): Promise<void>;
}

/**
 * Starts `crosscheck <args>` through node with tsx loaded in the same
 * process, so a signal sent to it reaches the command itself (the `tsx`
 * launcher would relay it to a grandchild, and SIGKILL would orphan one).
 */
export function spawnCommand(args: readonly string[], env: Record<string, string>): ChildCommand {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = parseLogLine(line);
    if (parsed) logs.push(parsed);
  });
  child.stderr.resume();
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  return {
    process: child,
    logs,
    exited,
    async waitForLog(match, timeoutMs = 20_000) {
      const matches = typeof match === 'string' ? (l: LogLine) => l.msg === match : match;
      let found: LogLine | undefined;
      await pollUntil('log line', () => (found = logs.find(matches)) !== undefined, timeoutMs);
      return found as LogLine;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function parseLogLine(line: string): LogLine | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

/** The environment that points a command at a test's own databases, Redis and sandboxes. */
export function commandEnv(
  config: Config,
  settings: Record<string, DepartmentSettings>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: config.databaseUrl,
    EXCHANGE_DATABASE_URL: config.exchangeDatabaseUrl,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: config.redisPrefix,
    LOG_LEVEL: 'info',
  };
  for (const [name, department] of Object.entries(settings)) {
    const prefix = settingsPrefix(name);
    env[`${prefix}_URL`] = department.url;
    env[`${prefix}_ATTEMPTS`] = String(department.attempts);
    env[`${prefix}_BACKOFF_MS`] = String(department.backoffMs);
    env[`${prefix}_TIMEOUT_MS`] = String(department.timeoutMs);
  }
  return { ...env, ...extra };
}
