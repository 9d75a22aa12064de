import type { BareFlowFigures } from './bare-flow.js';
import type { LoadFigures } from './load-run.js';

export interface BenchReport {
  families: number;
  latencyMs: number;
  load: LoadFigures;
  /** Each process the bench started, by name. */
  processes: Record<string, ProcessFigures>;
  bare: BareFlowFigures;
}

export interface ProcessFigures {
  /** The most resident memory it held, in bytes. */
  peakRssBytes: number;
  /** CPU time it used over its whole life, start-up included. */
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
  const path = load.singlePath;
  line(`single check path  median ms from submission: first department asked ` +
    `${ms(path.firstAsked)}, first round answered ${ms(path.firstRound)}, ` +
    `all answered ${ms(path.allAnswered)}, complete ${ms(path.complete)}`);
  for (const [name, figures] of Object.entries(report.processes)) {
    const mib = (figures.peakRssBytes / 1024 / 1024).toFixed(0);
    line(`process            ${name.padEnd(28)} peak RSS ${mib.padStart(4)} MiB, ` +
      `CPU ${figures.cpuSeconds.toFixed(1).padStart(6)} s`);
  }
  line(`bare BullMQ flow   ${bare.families} families (1 parent + 8 children) in ` +
    `${bare.seconds.toFixed(1)} s: ${theirs.toFixed(1)} families/s`);
  line(`ratio: ${(ours / theirs).toFixed(2)}`);
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

function ms(value: number): string {
  return value.toFixed(0);
}

function rate(count: number, secs: number): string {
  return secs > 0 ? (count / secs).toFixed(0) : '-';
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}
