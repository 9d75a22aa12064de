import { userInfo } from 'node:os';

import type { Command } from 'commander';
import type { Kysely } from 'kysely';

import { ROLES } from '../../auth/caller.js';
import {
  type TokenAdmin,
  createToken,
  listTokens,
  revokeToken,
} from '../../auth/token-admin.service.js';
import { createDatabase } from '../../db/database.js';
import type { Database, Role } from '../../db/schema.js';
import { type DivisionIndex, loadDivisionIndex } from '../../divisions/division-index.js';
import { commandContext } from '../context.js';
import { print } from '../output.js';

interface CreateFlags {
  role: string;
  area: string;
  name: string;
}

/** `token create | revoke | list`: tokens are made and withdrawn only here, never over HTTP. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('create, revoke and list API tokens');

  token
    .command('create')
    .description('create a token; it is printed once and only its hash is kept')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--area <code>', 'a division code of any level, or CN for the whole country')
    .requiredOption('--name <name>', 'the holder; a submitter\'s checks are kept under this name')
    .action((flags: CreateFlags) => withDatabase(async (db) => {
      const holder = tokenHolder(flags, await loadDivisionIndex());
      const issued = await createToken(db, holder, commandLineAdmin());
      print(`id     ${issued.id}`);
      print(`token  ${issued.token}`);
      print('The token is shown this once; store it now.');
    }));

  token
    .command('revoke')
    .argument('<id>', 'id of the token')
    .description('revoke a token at once')
    .action((id: string) => withDatabase(async (db) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`${id} is not a token id`);
      if (!(await revokeToken(db, id, commandLineAdmin()))) {
        throw new Error(`no active token has id ${id}`);
      }
      print(`revoked ${id}`);
    }));

  token
    .command('list')
    .description('list every token: id, name, role, area, created, revoked')
    .action(() => withDatabase(async (db) => {
      for (const t of await listTokens(db)) {
        const revoked = t.revoked_at ? `revoked ${t.revoked_at.toISOString()}` : 'active';
        const created = t.created_at.toISOString();
        print([t.id, t.name, t.role, t.area_code, created, revoked].join('  '));
      }
    }));
}

/** The holder the flags describe, or an error naming every flag that is wrong. */
export function tokenHolder(flags: CreateFlags, divisions: DivisionIndex) {
  const problems: string[] = [];
  if (!ROLES.includes(flags.role as Role)) {
    problems.push(`--role must be one of ${ROLES.join(', ')}`);
  }
  if (flags.area !== 'CN' && !divisions.divisionExists(flags.area)) {
    problems.push(`--area ${flags.area} is neither CN nor a division of the published list`);
  }
  const name = flags.name.trim();
  if (!/^[^\p{Cc}\p{Cs}]{1,128}$/u.test(name)) {
    problems.push('--name must be 1 to 128 printable characters');
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { name, role: flags.role as Role, area: flags.area };
}

/** Changes made at the command line are recorded under the account that ran it. */
export function commandLineAdmin(): TokenAdmin {
  return { tokenId: null, actor: `cli:${accountName()}`, role: 'cli', requestId: null };
}

function accountName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

async function withDatabase(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const { config } = commandContext({ logsToStderr: true });
  const db = createDatabase({ url: config.databaseUrl });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
}
