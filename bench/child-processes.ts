import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A process the bench started, with where its output goes. */
export interface BenchChild {
  name: string;
  process: ChildProcess;
  logFile: string;
}

/**
 * Starts a TypeScript entry of the project in its own Node process. Node runs
 * the file itself (tsx as a loader, not as a launcher), so the pid is the one
 * whose memory is measured and whose SIGTERM starts the graceful shutdown.
 */
export function startChild(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  logDir: string,
  options: { stdout: 'log' | 'pipe'; profileDir?: string } = { stdout: 'log' },
): BenchChild {
  const logFile = path.join(logDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  try {
    const profile = options.profileDir
      ? ['--cpu-prof', '--cpu-prof-dir', path.join(options.profileDir, name)]
      : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', options.stdout === 'pipe' ? 'pipe' : log, log],
    });
    return { name, process: child, logFile };
  } finally {
    closeSync(log);
  }
}

/** The first line the child prints, parsed as JSON; fails if it exits or takes too long. */
export async function firstJsonLine(child: BenchChild, timeoutMs: number): Promise<unknown> {
  const stdout = child.process.stdout;
  if (!stdout) throw new Error(`${child.name} has no piped stdout`);
  const lines = createInterface({ input: stdout });
  const line = once(lines, 'line') as Promise<[string]>;
  const [text] = await raceChild(child, line, timeoutMs);
  lines.close();
  return JSON.parse(text) as unknown;
}

/** Resolves once `url` answers 200. */
export async function waitForHttp(child: BenchChild, url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    assertRunning(child);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms`);
}

async function raceChild<T>(child: BenchChild, work: Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  const exited = once(child.process, 'exit', { signal: controller.signal }).then(() => {
    throw new Error(`${child.name} exited early; see its log`);
  });
  const timedOut = sleep(timeoutMs, undefined, { signal: controller.signal }).then(() => {
    throw new Error(`${child.name} gave no answer within ${timeoutMs} ms`);
  });
  try {
    return await Promise.race([work, exited, timedOut]);
  } finally {
    controller.abort();
    exited.catch(() => undefined);
    timedOut.catch(() => undefined);
  }
}

export function assertRunning(child: BenchChild): void {
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    throw new Error(`${child.name} exited early; see its log`);
  }
}

/** The most memory the process has held (VmHWM), in bytes, as Linux counts it. */
export async function peakRssBytes(child: BenchChild): Promise<number> {
  const status = await readFile(`/proc/${child.process.pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmHWM for ${child.name}`);
  return Number(match[1]) * 1024;
}

/** CPU time the process has used so far, user and system, in seconds, as Linux counts it. */
export async function cpuSeconds(child: BenchChild): Promise<number> {
  const stat = parseStat(await readFile(`/proc/${child.process.pid}/stat`, 'utf8'));
  return (stat.utime + stat.stime) / clockTicksPerSecond();
}

/**
 * CPU time used so far by every process of a server program on this machine
 * (`postgres`, `redis-server`), user and system, in seconds: each live
 * process's own, and the time of children its root process has reaped, so
 * that connections opened and closed between two readings are counted.
 */
export async function serverCpuSeconds(command: string): Promise<number> {
  const stats: ProcessStat[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (text === null) continue;
    const stat = parseStat(text);
    if (stat.command === command) stats.push(stat);
  }
  const pids = new Set(stats.map((s) => s.pid));
  let ticks = 0;
  for (const stat of stats) {
    ticks += stat.utime + stat.stime;
    if (!pids.has(stat.ppid)) ticks += stat.cutime + stat.cstime;
  }
  return ticks / clockTicksPerSecond();
}

interface ProcessStat {
  pid: number;
  command: string;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/** The fields of /proc/PID/stat the bench reads; see proc(5). */
function parseStat(text: string): ProcessStat {
  // The command name is in parentheses and may hold spaces.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    command: text.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

let clockTicks: number | null = null;

function clockTicksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return clockTicks;
}

/** SIGTERM, then SIGKILL if the graceful shutdown outlives its own deadline. */
export async function stopChild(child: BenchChild, graceMs = 40_000): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  const grace = new AbortController();
  proc.kill('SIGTERM');
  const stopped = await Promise.race([
    exited.then(() => true),
    sleep(graceMs, false, { signal: grace.signal }),
  ]).finally(() => grace.abort());
  if (!stopped) {
    proc.kill('SIGKILL');
    await exited;
  }
}

/** The end of a child's log, to say why it failed. */
export async function logTail(child: BenchChild, lines = 20): Promise<string> {
  const text = await readFile(child.logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** A port of 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
