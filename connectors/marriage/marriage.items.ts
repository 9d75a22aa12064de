import type { DeclaredFamily, DeclaredMember } from '../../src/domain/declared-family.js';
import { normaliseIdentityNumber } from '../../src/domain/identity-number.js';
import type { DiscrepancyKind, Finding, MaritalStatus } from '../../src/domain/vocabulary.js';
import type { EvaluationInput } from '../contract.js';
import { publicSecurity } from '../public-security/public-security.department.js';
import { deadOnOrBefore } from '../public-security/public-security.items.js';
import type { MarriageRecord, MarriageRecords } from './marriage.records.js';

/** What the register says of a person: the latest record decides. */
type FoundStatus = 'married' | 'divorced' | 'none';

/** A declared member with the latest marriage record on or before the declaration, if any. */
interface History {
  member: DeclaredMember;
  latest: MarriageRecord | undefined;
}

/** Found and declared statuses that agree without looking any further. */
const CONSISTENT = new Set(['married/married', 'divorced/divorced', 'none/single', 'none/widowed']);

/** A divorce registered on the same day as a marriage ends it, so it sorts after it. */
const SAME_DAY_ORDER: Record<MarriageRecord['type'], number> = { MARRIAGE: 0, DIVORCE: 1 };

/**
 * Marital status and spouse of every declared member. Deaths come from
 * public security's answer; without it a death cannot be confirmed, so a
 * widowhood that rests on one is reported as not checked.
 */
export function evaluateMarriage(input: EvaluationInput<MarriageRecords>): Finding[] {
  const { family } = input;
  const deathRecords = input.answers.recordsOf(publicSecurity)?.deaths;
  const dead = deathRecords ? deadOnOrBefore(deathRecords, family.declaredOn) : null;

  const records = registeredOnOrBefore(input.records.records, family.declaredOn);
  const histories = family.members.map((member) => ({
    member,
    latest: records.filter((r) => involves(r, member.idNumber)).at(-1),
  }));

  return [
    ...histories.flatMap((h) => checkMaritalStatus(h, dead)),
    ...checkSpouses(family, histories, dead ?? new Map<string, string>()),
  ];
}

function checkMaritalStatus(history: History, dead: ReadonlyMap<string, string> | null): Finding[] {
  const { member, latest } = history;
  const found = foundStatus(latest);
  const declared = member.declared.maritalStatus;
  const spouse = latest?.type === 'MARRIAGE' ? otherParty(latest, member.idNumber) : null;
  const spouseDied = dead === null || spouse === null ? null : dead.has(spouse);

  const kind = maritalKind(found, declared, spouseDied);
  if (!kind) return [];
  return [{ member: member.idNumber, item: 'marital-status', kind, declared, found }];
}

/**
 * A widow or widower is still married in the register, since a death ends a
 * marriage without a record there: married/widowed agrees once the spouse's
 * death is confirmed, and cannot be judged when public security did not answer.
 */
function maritalKind(
  found: FoundStatus,
  declared: MaritalStatus,
  spouseDied: boolean | null,
): DiscrepancyKind | null {
  if (CONSISTENT.has(`${found}/${declared}`)) return null;
  if (found === 'married' && declared === 'widowed') {
    if (spouseDied === null) return 'unavailable';
    if (spouseDied) return null;
  }

  return found === 'none' ? 'not-found' : 'mismatch';
}

/**
 * The living spouse of a member's latest marriage belongs in the declaration.
 * A spouse two members point at (only inconsistent records can do that) is
 * reported once.
 */
function checkSpouses(
  family: DeclaredFamily,
  histories: readonly History[],
  dead: ReadonlyMap<string, string>,
): Finding[] {
  const declared = new Set(family.members.map((m) => m.idNumber));
  const missing = new Set<string>();

  for (const { member, latest } of histories) {
    if (latest?.type !== 'MARRIAGE') continue;
    const spouse = otherParty(latest, member.idNumber);
    if (!declared.has(spouse) && !dead.has(spouse)) missing.add(spouse);
  }

  return [...missing].map((spouse) => ({
    member: spouse,
    item: 'spouse',
    kind: 'member-undeclared',
    declared: null,
    found: null,
  }));
}

/** Records up to the date with identity numbers normalised, oldest first. */
function registeredOnOrBefore(records: readonly MarriageRecord[], date: string): MarriageRecord[] {
  return records
    .filter((r) => r.registeredOn <= date)
    .map((r) => ({
      ...r,
      man: normaliseIdentityNumber(r.man),
      woman: normaliseIdentityNumber(r.woman),
    }))
    .sort(
      (a, b) =>
        compareDates(a.registeredOn, b.registeredOn) ||
        SAME_DAY_ORDER[a.type] - SAME_DAY_ORDER[b.type],
    );
}

function foundStatus(latest: MarriageRecord | undefined): FoundStatus {
  if (!latest) return 'none';
  return latest.type === 'MARRIAGE' ? 'married' : 'divorced';
}

function involves(record: MarriageRecord, idNumber: string): boolean {
  return record.man === idNumber || record.woman === idNumber;
}

function otherParty(record: MarriageRecord, idNumber: string): string {
  return record.man === idNumber ? record.woman : record.man;
}

function compareDates(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
