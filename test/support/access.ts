import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import { issueToken } from '../../src/auth/issue-token.service.js';
import type { Database, Role } from '../../src/db/schema.js';

/** A declared member as a stored family holds it. */
export interface SeedMember {
  idNumber: string;
  name: string;
}

export interface SeedCheck {
  areaCode: string;
  submitter: string;
  members?: SeedMember[];
  /** Discrepancies by member, one `pension`/`undeclared` each unless told. */
  discrepancies?: Array<{ member: string | null; item?: string; kind?: string }>;
}

/** Stores a finished check and its discrepancies as the merger would; returns its id. */
export async function seedCheck(db: Kysely<Database>, seed: SeedCheck): Promise<string> {
  const id = randomUUID();
  const members = (seed.members ?? []).map((m, index) => ({
    ...m,
    relation: index === 0 ? 'applicant' : 'child',
    consentSignedOn: '2026-11-18',
    consent: { documentRef: `AUTH-${index}`, collectedBy: 'desk 3' },
  }));
  await db.insertInto('checks').values({
    id,
    submitter: seed.submitter,
    reference: id,
    assistance: 'subsistence-allowance',
    area_code: seed.areaCode,
    declared_on: '2026-11-20',
    family: JSON.stringify({ members }),
    status: 'complete',
    completed_at: new Date(),
  }).execute();

  const entries = seed.discrepancies ?? [];
  if (entries.length === 0) return id;
  await db.insertInto('discrepancies').values(entries.map((e, position) => ({
    check_id: id,
    position,
    area_code: seed.areaCode,
    item: e.item ?? 'pension',
    kind: e.kind ?? 'undeclared',
    member_id_number: e.member,
    declared: JSON.stringify(0),
    found: JSON.stringify(1200),
    department: 'social-security',
    answered_at: new Date(),
  }))).execute();
  return id;
}

/** Issues a token and returns its bearer value and id. */
export async function tokenFor(
  db: Kysely<Database>,
  name: string,
  role: Role,
  area: string,
): Promise<{ id: string; token: string; name: string }> {
  const issued = await issueToken(db, { name, role, area });
  return { ...issued, name };
}
