import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDatabase } from '../../src/db/database.js';
import { StatisticsRefresher } from '../../src/db/planner-statistics.js';
import { silentLogger } from '../support/logger.js';
import { isolatedConfig } from '../support/stack.js';

type Db = ReturnType<typeof createDatabase>;

async function lastAnalyzed(db: Db): Promise<Record<string, boolean>> {
  const { rows } = await sql<{ relname: string; analyzed: boolean }>`
    select relname, last_analyze is not null as analyzed from pg_stat_user_tables
    where relname in ('checks', 'department_lookups', 'department_answers')`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.relname, r.analyzed]));
}

describe('planner statistics while a batch fills the tables', () => {
  let db: Db;

  beforeAll(async () => {
    db = createDatabase({ url: (await isolatedConfig()).databaseUrl });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('are refreshed once enough checks were added, and not before', async () => {
    const refresher = new StatisticsRefresher(db, silentLogger, 1000);
    refresher.added(999);
    await refresher.settled();
    expect(await lastAnalyzed(db)).toEqual({
      checks: false, department_lookups: false, department_answers: false,
    });

    refresher.added(1);
    await refresher.settled();
    expect(await lastAnalyzed(db)).toEqual({
      checks: true, department_lookups: true, department_answers: true,
    });
  });
});
