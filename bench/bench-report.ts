import { availableParallelism } from 'node:os';

import type { BareFlowFigures } from './bare-flow.js';
import type { LoadFigures, SinglePath } from './load-run.js';

export interface BenchReport {
  families: number;
  latencyMs: number;
  load: LoadFigures;
  /** Single checks sent one at a time with nothing else running. */
  idle: { latenciesMs: number[]; path: SinglePath };
  /** Each process the bench started, by name. */
  processes: Record<string, ProcessFigures>;
  /** CPU seconds each server (PostgreSQL, Redis) used during the run. */
  servers: Record<string, number>;
  bare: BareFlowFigures;
}

export interface ProcessFigures {
  /** The most resident memory it held, in bytes. */
  peakRssBytes: number;
  /** CPU time it used from the upload's start to the last check finished. */
  cpuSeconds: number;
}

/** Prints the figures; the very last line is the ratio, for scripts to read. */
export function printBenchReport(report: BenchReport): void {
  const { load, bare } = report;
  const ours = load.checks / load.seconds;
  const theirs = bare.families / bare.seconds;
  const singles = load.singleLatenciesMs;

  line(`families           ${report.families} in one batch, ${singles.length} single checks`);
  line(`department calls   ${report.latencyMs} ms each, no errors, eight departments`);
  line(`batch accepted     in ${load.uploadSeconds.toFixed(1)} s ` +
    `(${rate(report.families, load.uploadSeconds)} lines/s)`);
  line(`end to end         ${load.checks} checks in ${load.seconds.toFixed(1)} s: ` +
    `${ours.toFixed(1)} families/s`);
  line(`single checks      p50 ${seconds(percentile(singles, 50))}, ` +
    `p95 ${seconds(percentile(singles, 95))} from submission to complete`);
  printPath('under load', load.singlePath);
  const idle = report.idle.latenciesMs;
  line(`idle single checks p50 ${seconds(percentile(idle, 50))}, ` +
    `p95 ${seconds(percentile(idle, 95))}, ${idle.length} sent one at a time after the load`);
  printPath('idle', report.idle.path);
  for (const [name, figures] of Object.entries(report.processes)) {
    const mib = (figures.peakRssBytes / 1024 / 1024).toFixed(0);
    line(`process            ${name.padEnd(28)} peak RSS ${mib.padStart(4)} MiB, ` +
      `CPU in the run ${figures.cpuSeconds.toFixed(1).padStart(6)} s`);
  }
  for (const [name, cpu] of Object.entries(report.servers)) {
    line(`server             ${name.padEnd(28)} ${' '.repeat(18)}` +
      `CPU in the run ${cpu.toFixed(1).padStart(6)} s`);
  }
  printCpuBudget(report, theirs);
  line(`bare BullMQ flow   ${bare.families} families (1 parent + 8 children) in ` +
    `${bare.seconds.toFixed(1)} s: ${theirs.toFixed(1)} families/s`);
  line(`ratio: ${(ours / theirs).toFixed(2)}`);
}

/**
 * Where the machine's CPU went, per family, against what the target rate of
 * three times the bare flow would leave each family on this machine's cores.
 */
function printCpuBudget(report: BenchReport, bareRate: number): void {
  const perFamily = (seconds: number) => (seconds * 1000) / report.load.checks;
  const sum = (names: string[]) =>
    names.reduce((total, name) => total + (report.processes[name]?.cpuSeconds ?? 0), 0);
  const names = Object.keys(report.processes);
  const parts: Array<[string, number]> = [
    ['sandboxes', sum(names.filter((n) => n.startsWith('sandbox-')))],
    ['API', sum(names.filter((n) => n === 'serve'))],
    ['workers', sum(names.filter((n) => n.startsWith('work-')))],
    ...Object.entries(report.servers),
  ];
  const total = parts.reduce((all, [, seconds]) => all + seconds, 0);
  const cores = availableParallelism();
  line(`CPU per family     ${perFamily(total).toFixed(2)} ms: ` +
    parts.map(([name, seconds]) => `${name} ${perFamily(seconds).toFixed(2)}`).join(', '));
  line(`CPU at 3x bare     ${((cores * 1000) / (3 * bareRate)).toFixed(2)} ms per family ` +
    `on ${cores} cores`);
}

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function printPath(when: string, path: SinglePath): void {
  line(`single check path  ${when}, median ms from submission: first department asked ` +
    `${ms(path.firstAsked)}, first round answered ${ms(path.firstRound)}, ` +
    `all answered ${ms(path.allAnswered)}, complete ${ms(path.complete)}`);
}

function ms(value: number): string {
  return value.toFixed(0);
}

function rate(count: number, secs: number): string {
  return secs > 0 ? (count / secs).toFixed(0) : '-';
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}
