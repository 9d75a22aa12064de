import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { beforeAll, describe, expect, it } from 'vitest';

import type { Config } from '../../src/config.js';
import { createDatabase } from '../../src/db/database.js';
import { findActiveTokenByHash } from '../../src/auth/token.repository.js';
import { hashToken } from '../../src/auth/tokens.js';
import { isolatedConfig } from '../support/stack.js';

const run = promisify(execFile);
const CLI = ['node_modules/.bin/tsx', 'src/cli/main.ts'];

describe('crosscheck token', () => {
  let config: Config;
  const db = () => createDatabase({ url: config.databaseUrl, poolSize: 1 });

  beforeAll(async () => {
    config = await isolatedConfig();
  });

  async function crosscheck(...args: string[]) {
    const [command = 'node', ...rest] = CLI;
    return run(command, [...rest, ...args], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl, LOG_LEVEL: 'silent' },
    });
  }

  it('creates a token printed once, lists it without its hash and revokes it', async () => {
    const created = await crosscheck(
      'token', 'create', '--role', 'caseworker', '--area', '430102', '--name', 'desk-7',
    );
    const id = /^id\s+(\S+)$/m.exec(created.stdout)?.[1] ?? '';
    const token = /^token\s+(\S+)$/m.exec(created.stdout)?.[1] ?? '';
    const database = db();
    try {
      expect(await findActiveTokenByHash(database, hashToken(token))).toMatchObject({ id });

      const listed = await crosscheck('token', 'list');
      expect(listed.stdout).toContain(`${id}  desk-7  caseworker  430102`);
      expect(listed.stdout).not.toContain(hashToken(token));

      await crosscheck('token', 'revoke', id);
      expect(await findActiveTokenByHash(database, hashToken(token))).toBeUndefined();
      const actions = await database.selectFrom('audit_events').select('action')
        .where('target', '=', id).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['token.created', 'token.revoked']);
    } finally {
      await database.destroy();
    }
  }, 60_000);

  it('refuses an area that is not a division of the list, saying so', async () => {
    const attempt = crosscheck(
      'token', 'create', '--role', 'operator', '--area', '439999', '--name', 'ops',
    );

    await expect(attempt).rejects.toMatchObject({
      stderr: expect.stringMatching(/--area 439999 is neither CN nor a division/) as unknown,
    });
  }, 60_000);
});
