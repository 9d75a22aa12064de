import type { Migration } from 'kysely';

import * as checks from './0001-checks.js';
import * as access from './0002-access.js';
import * as batches from './0004-batches.js';

/**
 * Every migration, in the order they apply. Listed here rather than read from
 * the folder so that compiled, source and test runs all load the same files.
 */
export const migrations: Record<string, Migration> = {
  '0001-checks': checks,
  '0002-access': access,
  '0004-batches': batches,
};
