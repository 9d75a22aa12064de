import { z } from 'zod';

import type { AnyDepartment, DepartmentDefaults, MoneyTolerance } from '../connectors/contract.js';

/** Settings of one department, after the operator's overrides. */
export interface DepartmentSettings extends DepartmentDefaults {
  /** Base URL of an HTTP department, or the exchange connection string. */
  url: string;
  /** Failed lookups in a row, across every worker, that open the department's circuit. */
  circuitThreshold: number;
  /** How long an open circuit keeps the department's lookups waiting before one probe. */
  circuitCooldownMs: number;
}

export interface Config {
  databaseUrl: string;
  exchangeDatabaseUrl: string;
  redisUrl: string;
  /** Every Redis key Crosscheck writes starts with this. */
  redisPrefix: string;
  host: string;
  port: number;
  logLevel: string;
  /** How often the reconciler looks for checks that have no live job. */
  reconcileEveryMs: number;
  /**
   * How long a worker's hold on a job lasts unless renewed; a job of a worker
   * that died goes back to the queue within about twice this.
   */
  jobLockMs: number;
  /** How long `serve` and `work` wait for work in flight after SIGTERM before giving up. */
  shutdownDeadlineMs: number;
  /** Largest request body the API accepts, in bytes. */
  bodyLimitBytes: number;
  /** Members a declared family may list. */
  maxMembers: number;
  /** Requests one token may make per minute. */
  rateLimitPerMinute: number;
  /** Days a finished check's raw department answers are kept. */
  retentionDays: number;
  departments: Record<string, DepartmentSettings>;
  tolerances: Record<string, MoneyTolerance>;
}

/** Port of the first department sandbox; the others follow in registry order. */
export const FIRST_SANDBOX_PORT = 7101;

export const DEFAULT_TOLERANCE: MoneyTolerance = { absolute: 50, relative: 0.05 };

const EXCHANGE_FALLBACK = 'postgres://postgres@127.0.0.1:5432/crosscheck_exchange';

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
/**
 * A whole number as a variable holds it: decimal digits and nothing else,
 * so an empty value, `1e3`, `0x10` or ` 4 ` is named rather than read as
 * something else.
 */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number written in digits' })
    .transform(Number)
    .pipe(z.number().min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` }));
}

const positiveInt = wholeNumber(1);
/** Node's timers hold at most this many milliseconds; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
const milliseconds = (min = 1) => wholeNumber(min, MAX_TIMER_MS);

const baseSchema = z.object({
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/crosscheck'),
  EXCHANGE_DATABASE_URL: z.url().default(EXCHANGE_FALLBACK),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('crosscheck'),
  HOST: z.string().default('127.0.0.1'),
  PORT: wholeNumber(0, 65_535).default(3000),
  LOG_LEVEL: logLevel.default('info'),
  RECONCILE_EVERY_MS: milliseconds().default(60_000),
  JOB_LOCK_MS: milliseconds(1000).default(30_000),
  SHUTDOWN_DEADLINE_MS: milliseconds().default(30_000),
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  MAX_MEMBERS: wholeNumber(1, 1000).default(30),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  RETENTION_DAYS: positiveInt.default(30),
});

/** A department trips after this many failed lookups in a row, unless told otherwise. */
export const DEFAULT_CIRCUIT_THRESHOLD = 5;
export const DEFAULT_CIRCUIT_COOLDOWN_MS = 30_000;

/**
 * An exchange department's sandbox publishes into the exchange database and
 * is read through its proxy: the same database, at the proxy's port.
 */
function throughProxy(exchangeUrl: string, port: number): string {
  const url = new URL(exchangeUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/** `social-security` → `SOCIAL_SECURITY`, the prefix of that department's variables. */
export function settingsPrefix(name: string): string {
  return name.toUpperCase().replaceAll('-', '_');
}

function departmentSchema(department: AnyDepartment, index: number, exchangeUrl: string) {
  const d = department.defaults;
  const port = FIRST_SANDBOX_PORT + index;
  const defaultUrl =
    department.transport === 'http' ? `http://127.0.0.1:${port}` : throughProxy(exchangeUrl, port);
  return z.object({
    url: z.url().default(defaultUrl),
    batchSize: positiveInt.default(d.batchSize),
    concurrency: positiveInt.default(d.concurrency),
    ratePerSecond: positiveInt.nullable().default(d.ratePerSecond),
    timeoutMs: milliseconds().default(d.timeoutMs),
    attempts: positiveInt.default(d.attempts),
    backoffMs: milliseconds().default(d.backoffMs),
    circuitThreshold: positiveInt.default(DEFAULT_CIRCUIT_THRESHOLD),
    circuitCooldownMs: milliseconds().default(DEFAULT_CIRCUIT_COOLDOWN_MS),
  });
}

const toleranceSchema = z
  .string()
  .regex(/^\d+(\.\d+)?,\d+(\.\d+)?$/, { message: 'must be "absolute,relative", e.g. 50,0.05' })
  .transform((value): MoneyTolerance => {
    const [absolute, relative] = value.split(',').map(Number);
    return { absolute: absolute ?? 0, relative: relative ?? 0 };
  });

/**
 * Reads the configuration from the environment once, at start. Every bad
 * variable is named in a single error. Department variables are
 * `<DEPARTMENT>_URL`, `_BATCH_SIZE`, `_CONCURRENCY`, `_RATE_PER_SECOND`,
 * `_TIMEOUT_MS`, `_ATTEMPTS`, `_BACKOFF_MS`, `_CIRCUIT_THRESHOLD`,
 * `_CIRCUIT_COOLDOWN_MS`; money tolerances are
 * `TOLERANCE_<ITEM>=absolute,relative`.
 */
export function loadConfig(
  departments: readonly AnyDepartment[],
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const problems: string[] = [];
  const base = parseOrCollect(baseSchema, env, '', problems);
  const settings: Record<string, DepartmentSettings> = {};
  const tolerances: Record<string, MoneyTolerance> = {};

  departments.forEach((department, index) => {
    const prefix = settingsPrefix(department.name);
    const raw = departmentVariables(prefix, env);
    const exchangeUrl = base?.EXCHANGE_DATABASE_URL ?? EXCHANGE_FALLBACK;
    const schema = departmentSchema(department, index, exchangeUrl);
    const parsed = parseOrCollect(schema, raw, `${prefix}_`, problems);
    if (parsed) settings[department.name] = parsed;

    readTolerances(department, env, tolerances, problems);
  });

  problems.push(...sharedItems(departments), ...unknownDepartmentVariables(departments, env));
  if (problems.length > 0 || !base) {
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return {
    databaseUrl: base.DATABASE_URL,
    exchangeDatabaseUrl: base.EXCHANGE_DATABASE_URL,
    redisUrl: base.REDIS_URL,
    redisPrefix: base.REDIS_PREFIX,
    host: base.HOST,
    port: base.PORT,
    logLevel: base.LOG_LEVEL,
    reconcileEveryMs: base.RECONCILE_EVERY_MS,
    jobLockMs: base.JOB_LOCK_MS,
    shutdownDeadlineMs: base.SHUTDOWN_DEADLINE_MS,
    bodyLimitBytes: base.BODY_LIMIT_BYTES,
    maxMembers: base.MAX_MEMBERS,
    rateLimitPerMinute: base.RATE_LIMIT_PER_MINUTE,
    retentionDays: base.RETENTION_DAYS,
    departments: settings,
    tolerances,
  };
}

function readTolerances(
  department: AnyDepartment,
  env: NodeJS.ProcessEnv,
  tolerances: Record<string, MoneyTolerance>,
  problems: string[],
): void {
  for (const item of department.items) {
    const variable = `TOLERANCE_${settingsPrefix(item)}`;
    const value = env[variable];
    if (value === undefined) {
      tolerances[item] = DEFAULT_TOLERANCE;
      continue;
    }
    const parsed = toleranceSchema.safeParse(value);
    if (parsed.success) tolerances[item] = parsed.data;
    else problems.push(`${variable} must be "absolute,relative", e.g. 50,0.05`);
  }
}

/** Items are keyed by name alone in lists, filters and tolerances: one department each. */
function sharedItems(departments: readonly AnyDepartment[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const department of departments) {
    for (const item of department.items) {
      const first = owner.get(item);
      if (first === undefined) owner.set(item, department.name);
      else problems.push(`item ${item} belongs to both ${first} and ${department.name}`);
    }
  }
  return problems;
}

/**
 * A variable that starts like a department's but names no setting of it is
 * most likely misspelt: refused, so the setting meant is not silently left
 * at its default. Each variable belongs to the longest prefix it starts with.
 */
function unknownDepartmentVariables(
  departments: readonly AnyDepartment[],
  env: NodeJS.ProcessEnv,
): string[] {
  const prefixes = departments.map((d) => `${settingsPrefix(d.name)}_`)
    .sort((a, b) => b.length - a.length);
  const known = new Set<string>(Object.values(DEPARTMENT_VARIABLES));
  const problems: string[] = [];
  for (const variable of Object.keys(env)) {
    const prefix = prefixes.find((p) => variable.startsWith(p));
    if (prefix === undefined || known.has(variable.slice(prefix.length))) continue;
    problems.push(`${variable} is not a setting; a department's are ` +
      `${prefix}{${[...known].join(',')}}`);
  }
  return problems;
}

const DEPARTMENT_VARIABLES = {
  url: 'URL',
  batchSize: 'BATCH_SIZE',
  concurrency: 'CONCURRENCY',
  ratePerSecond: 'RATE_PER_SECOND',
  timeoutMs: 'TIMEOUT_MS',
  attempts: 'ATTEMPTS',
  backoffMs: 'BACKOFF_MS',
  circuitThreshold: 'CIRCUIT_THRESHOLD',
  circuitCooldownMs: 'CIRCUIT_COOLDOWN_MS',
} as const;

function departmentVariables(prefix: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, suffix] of Object.entries(DEPARTMENT_VARIABLES)) {
    const value = env[`${prefix}_${suffix}`];
    // An empty rate limit means "no limit".
    if (key === 'ratePerSecond' && value === '') raw[key] = null;
    else if (value !== undefined) raw[key] = value;
  }
  return raw;
}

function parseOrCollect<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix: string,
  problems: string[],
): z.output<T> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    const name = prefix ? `${prefix}${variableSuffix(key)}` : key;
    problems.push(`${name} ${issue.message}`);
  }
  return undefined;
}

function variableSuffix(key: string): string {
  return key in DEPARTMENT_VARIABLES
    ? DEPARTMENT_VARIABLES[key as keyof typeof DEPARTMENT_VARIABLES]
    : key;
}
