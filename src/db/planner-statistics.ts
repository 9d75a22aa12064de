import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';

import type { Database } from './schema.js';

/** The tables a batch fills faster than autovacuum notices. */
const PIPELINE_TABLES = sql`checks, department_lookups, department_answers`;

/**
 * Refreshes PostgreSQL's statistics of the pipeline's tables while a batch
 * fills them. A batch adds a check and eight lookup rows per line; with
 * statistics from when the tables were small (or none, where autovacuum is
 * off), the planner reads every row of them for each group of a hundred
 * checks instead of using their keys, and a 100,000-family batch crawls.
 * ANALYZE samples each table, a second or so; it runs in the background,
 * one at a time, after every `everyRows` checks added and once at the end.
 */
export class StatisticsRefresher {
  private sinceLast = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly everyRows = 20_000,
  ) {}

  /** Counts checks added; refreshes once enough were. */
  added(checks: number): void {
    this.sinceLast += checks;
    if (this.sinceLast >= this.everyRows) this.refresh();
  }

  /** The batch is stored: refreshes if anything was added since the last time. */
  finished(): void {
    if (this.sinceLast > 0) this.refresh();
  }

  /** Resolves when no refresh is running; never fails. */
  async settled(): Promise<void> {
    await this.running;
  }

  private refresh(): void {
    if (this.running) return;
    this.sinceLast = 0;
    this.running = sql`ANALYZE ${PIPELINE_TABLES}`
      .execute(this.db)
      .then(
        () => this.logger.debug('planner statistics refreshed'),
        (err: unknown) => this.logger.warn({ err }, 'planner statistics not refreshed'),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
