import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Kysely } from 'kysely';

import { departments } from '../connectors/registry.js';
import { settingsPrefix } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';
import { independentDepartments } from '../src/pipeline/related-persons.js';
import type { Database } from '../src/db/schema.js';
import { measureBareFlow } from './bare-flow.js';
import {
  type BenchEnvironment,
  benchNames,
  createBenchEnvironment,
  makeLogDir,
  removeBenchEnvironment,
} from './bench-environment.js';
import { type ProcessFigures, printBenchReport } from './bench-report.js';
import {
  type BenchChild,
  cpuSeconds,
  firstJsonLine,
  freePort,
  logTail,
  peakRssBytes,
  serverCpuSeconds,
  startChild,
  stopChild,
  waitForHttp,
} from './child-processes.js';
import { runIdleSingles, runLoad, writeFamilies } from './load-run.js';

interface BenchOptions {
  families: number;
  latencyMs: number;
  seed: number;
  singles: number;
  timeoutMs: number;
  /** Bulk-lane `work` processes, each one Node thread: one per core is the usual deployment. */
  workers: number;
  /** Where each process writes a V8 CPU profile when it exits; none when absent. */
  profileDir: string | undefined;
}

/**
 * Servers whose CPU time the run is charged with: every process of these
 * programs on the machine, so the figures hold only while nothing else uses
 * them.
 */
const SERVERS = [
  { name: 'PostgreSQL', command: 'postgres' },
  { name: 'Redis', command: 'redis-server' },
] as const;

const USAGE = `Usage: npm run bench -- [options]

Runs generated families end to end through the API and workers against the
department sandboxes, then a bare BullMQ flow on the same Redis, and prints
the figures; the last line is the ratio of the two rates.

  --families N     families in the batch (10000)
  --latency-ms N   each department call's latency (20)
  --singles N      single checks sent during the load (50)
  --workers N      bulk-lane work processes (2)
  --seed N         data set seed (2026)
  --timeout-s N    give up after this long (families / 10, at least 900)
  --profile DIR    write each process's V8 CPU profile to DIR
  -h, --help       this text
`;

/** Single checks sent one at a time after the load, when nothing else runs. */
const IDLE_SINGLES = 20;

/** Above this many families the bare flow is measured on fewer; its rate does not depend on it. */
const BARE_FLOW_MAX_FAMILIES = 20_000;

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      families: { type: 'string', default: '10000' },
      'latency-ms': { type: 'string', default: '20' },
      seed: { type: 'string', default: '2026' },
      singles: { type: 'string', default: '50' },
      workers: { type: 'string', default: '2' },
      'timeout-s': { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const families = wholeNumber('--families', values.families, 1);
  const timeout = values['timeout-s'] ?? String(Math.max(900, Math.ceil(families / 10)));
  return {
    families,
    latencyMs: wholeNumber('--latency-ms', values['latency-ms'], 0),
    seed: wholeNumber('--seed', values.seed, 1),
    singles: wholeNumber('--singles', values.singles, 0),
    workers: wholeNumber('--workers', values.workers, 1),
    timeoutMs: wholeNumber('--timeout-s', timeout, 1) * 1000,
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
  };
}

function wholeNumber(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`${name} must be >= ${min}`);
  return parsed;
}

/** One run of the bench: what it started, so that everything can be stopped and removed. */
class BenchRun {
  private readonly names = benchNames();
  private logDir: string | null = null;
  private env: BenchEnvironment | null = null;
  private children: BenchChild[] = [];
  private db: Kysely<Database> | null = null;
  private cleaning: Promise<void> | null = null;

  async execute(options: BenchOptions): Promise<void> {
    this.logDir = await makeLogDir();
    this.env = await createBenchEnvironment(this.names, this.logDir);
    const env = this.env;
    const generated = options.families + options.singles + IDLE_SINGLES;
    note(`generating ${generated} families`);
    const batchFile = path.join(env.logDir, 'families.ndjson');
    const apart = await writeFamilies(batchFile, {
      ...options, singles: options.singles + IDLE_SINGLES,
    });
    const singles = apart.slice(0, options.singles);

    note('starting sandboxes, API and workers');
    const api = await this.startProcesses(env, options);
    this.db = createDatabase({ url: env.databaseUrl, poolSize: 2 });
    const cpuBefore = await this.cpuReadings();
    const submission = {
      api,
      token: env.submitter.token,
      submitter: env.submitter.name,
      db: this.db,
      firstRound: independentDepartments(departments).map((d) => d.name),
      timeoutMs: options.timeoutMs,
    };
    const load = await runLoad({
      ...submission, batchFile, batchFamilies: options.families, singles,
    });
    const cpuAfter = await this.cpuReadings();
    const cpu = Object.fromEntries([...cpuAfter].map(([name, after]) =>
      [name, after - (cpuBefore.get(name) ?? 0)]));
    note('single checks on an idle pipeline');
    const idle = await runIdleSingles({ ...submission, singles: apart.slice(options.singles) });
    const processes = await this.measureAndStop(cpu);

    note('measuring a bare BullMQ flow');
    const bare = await measureBareFlow({
      redisUrl: env.redisUrl,
      prefix: `${env.redisPrefix}-bare`,
      families: Math.min(options.families, BARE_FLOW_MAX_FAMILIES),
      departments: departments.map((d) => d.name),
      concurrency: 16,
      timeoutMs: options.timeoutMs,
    });
    const { families, latencyMs } = options;
    const servers = Object.fromEntries(SERVERS.map(({ name }) => [name, cpu[name] ?? 0]));
    printBenchReport({ families, latencyMs, load, idle, processes, servers, bare });
  }

  private async startProcesses(env: BenchEnvironment, options: BenchOptions): Promise<string> {
    const common = {
      DATABASE_URL: env.databaseUrl,
      EXCHANGE_DATABASE_URL: env.exchangeDatabaseUrl,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: env.redisPrefix,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // The bench's departments limit no rate, so our side keeps to none either.
      ...Object.fromEntries(
        departments.map((d) => [`${settingsPrefix(d.name)}_RATE_PER_SECOND`, '']),
      ),
    };
    // One process per department, as each department is a system of its own.
    const sandboxes = departments.map((department) => this.track(startChild(
      `sandbox-${department.name}`,
      [
        'bench/sandboxes.child.ts',
        '--department', department.name,
        '--families', String(options.families + options.singles + IDLE_SINGLES),
        '--seed', String(options.seed),
        '--latency-ms', String(options.latencyMs),
      ],
      common, env.logDir, { stdout: 'pipe', profileDir: options.profileDir },
    )));
    const answers = await Promise.all(sandboxes.map((child) => firstJsonLine(child, 600_000)));
    const urls = Object.fromEntries(answers.flatMap((answer) =>
      Object.entries((answer as { urls: Record<string, string> }).urls)));

    const departmentUrls = Object.fromEntries(
      Object.entries(urls).map(([name, url]) => [`${settingsPrefix(name)}_URL`, url]),
    );
    const port = await freePort();
    const logged = { stdout: 'log', profileDir: options.profileDir } as const;
    const serve = this.track(startChild('serve', ['src/cli/main.ts', 'serve'],
      { ...common, ...departmentUrls, PORT: String(port) }, env.logDir, logged));
    for (let n = 1; n <= options.workers; n += 1) {
      this.track(startChild(`work-${n}`, ['src/cli/main.ts', 'work', '--lane', 'bulk'],
        { ...common, ...departmentUrls }, env.logDir, logged));
    }
    // Single submissions have a process of their own, as in a deployment that
    // takes batches: idle between singles, it is scheduled at once when one comes.
    this.track(startChild('work-urgent', ['src/cli/main.ts', 'work', '--lane', 'urgent'],
      { ...common, ...departmentUrls }, env.logDir, logged));

    const api = `http://127.0.0.1:${port}`;
    await waitForHttp(serve, `${api}/health/ready`, 60_000);
    return api;
  }

  private track(child: BenchChild): BenchChild {
    this.children.push(child);
    return child;
  }

  /** CPU seconds used so far by each process the bench started and by the servers it uses. */
  private async cpuReadings(): Promise<Map<string, number>> {
    const readings = new Map<string, number>();
    for (const child of this.children) readings.set(child.name, await cpuSeconds(child));
    for (const { name, command } of SERVERS) {
      readings.set(name, await serverCpuSeconds(command));
    }
    return readings;
  }

  /** Peak memory is read while the processes still exist, then they are stopped. */
  private async measureAndStop(
    cpuInRun: Record<string, number>,
  ): Promise<Record<string, ProcessFigures>> {
    const figures: Record<string, ProcessFigures> = {};
    for (const child of this.children) {
      figures[child.name] = {
        peakRssBytes: await peakRssBytes(child),
        cpuSeconds: cpuInRun[child.name] ?? 0,
      };
    }
    await this.stopChildren();
    return figures;
  }

  private async stopChildren(): Promise<void> {
    // The API first, so no new work arrives; sandboxes last, so lookups in flight are answered.
    const order = ['serve', 'work', 'sandbox'];
    const rank = (child: BenchChild) => order.indexOf(child.name.replace(/-.*$/, ''));
    const sorted = [...this.children].sort((a, b) => rank(a) - rank(b));
    for (const child of sorted) await stopChild(child);
  }

  async reportFailure(): Promise<void> {
    for (const child of this.children) {
      const tail = await logTail(child);
      if (tail) console.error(`--- ${child.name} (last lines)\n${tail}`);
    }
  }

  /** Stops every process and removes every database, key and file of the run; once. */
  cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      await this.stopChildren();
      await this.db?.destroy();
      await removeBenchEnvironment(this.names, this.logDir);
    })();
    return this.cleaning;
  }
}

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const run = new BenchRun();
  const interrupt = () => {
    void run.cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  try {
    await run.execute(options);
  } catch (err) {
    await run.reportFailure();
    throw err;
  } finally {
    await run.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
