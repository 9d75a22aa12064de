import { Migrator } from 'kysely';

import { migrations } from '../../migrations/index.js';
import { createDatabase } from './database.js';

/** Applies every migration not yet applied; throws with the failing migration's name. */
export async function migrateToLatest(databaseUrl: string): Promise<string[]> {
  const db = createDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error) {
      const name = failed ? ` in ${failed.migrationName}` : '';
      throw new Error(`migration failed${name}`, { cause: error });
    }
    return (results ?? []).map((r) => r.migrationName);
  } finally {
    await db.destroy();
  }
}
