import type { MemberNames } from '../checks/member.repository.js';
import type { AuditEventRow, CheckRow, DiscrepancyRow, LookupRow } from '../db/schema.js';
import type { DeclaredMember } from '../domain/declared-family.js';
import { maskIdentityNumber, maskIdentityNumbersIn, maskName } from '../domain/masking.js';
import type { DiscrepancyKind, FindingValue } from '../domain/vocabulary.js';

/** Converts rows into the API's shapes, in one place per resource. */

/**
 * How much of a person a reader sees: `full` only for a caseworker of the
 * check's area reading that one check; every list and every other reader
 * gets `masked`.
 */
export type PersonView = 'full' | 'masked';

export function presentCheck(check: CheckRow, lookups: readonly LookupRow[], view: PersonView) {
  return {
    id: check.id,
    reference: check.reference,
    assistance: check.assistance,
    areaCode: check.area_code,
    declaredOn: check.declared_on,
    status: check.status,
    submittedAt: check.submitted_at.toISOString(),
    completedAt: check.completed_at?.toISOString() ?? null,
    departments: lookups.map(presentLookup),
    members: membersOf(check.family).map((m) => presentMember(m, view)),
  };
}

/** The members of a stored family: what the API validated, or none for a family without any. */
function membersOf(family: unknown): DeclaredMember[] {
  const members = (family as { members?: unknown } | null)?.members;
  return Array.isArray(members) ? (members as DeclaredMember[]) : [];
}

function presentMember(member: DeclaredMember, view: PersonView) {
  const full = view === 'full';
  return {
    idNumber: full ? member.idNumber : maskIdentityNumber(member.idNumber),
    name: full ? member.name : maskName(member.name),
    relation: member.relation,
    consentSignedOn: member.consentSignedOn ?? null,
    consent: member.consent
      ? {
          documentRef: member.consent.documentRef ?? null,
          documentSha256: member.consent.documentSha256 ?? null,
          collectedBy: member.consent.collectedBy,
        }
      : null,
  };
}

function presentLookup(lookup: LookupRow) {
  const duration =
    lookup.started_at && lookup.finished_at
      ? lookup.finished_at.getTime() - lookup.started_at.getTime()
      : null;
  return {
    department: lookup.department,
    state: lookup.state,
    attempts: lookup.attempts,
    startedAt: lookup.started_at?.toISOString() ?? null,
    finishedAt: lookup.finished_at?.toISOString() ?? null,
    durationMs: duration,
    lastError: lookup.last_error,
  };
}

/** A discrepancy as every list shows it: the member's number and declared name masked. */
export function presentDiscrepancy(row: DiscrepancyRow, names: MemberNames) {
  const member = row.member_id_number;
  // Persons the family did not declare (a spouse on record, a household member)
  // have no declared name to show.
  const name = member ? (names.get(row.check_id)?.get(member) ?? null) : null;
  return {
    id: row.id,
    checkId: row.check_id,
    areaCode: row.area_code,
    member: member ? maskIdentityNumber(member) : null,
    memberName: name ? maskName(name) : null,
    item: row.item,
    kind: row.kind as DiscrepancyKind,
    declared: row.declared as FindingValue,
    found: row.found as FindingValue,
    department: row.department,
    answeredAt: row.answered_at?.toISOString() ?? null,
  };
}

/** An audit row for an operator: ids, names of tokens and areas; any identity number masked. */
export function presentAuditEvent(row: AuditEventRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: maskIdentityNumbersIn(row.actor),
    role: row.role,
    action: row.action,
    // A submitting system may use an identity number inside its own reference.
    target: row.target === null ? null : maskIdentityNumbersIn(row.target),
    areaCode: row.area_code,
    requestId: row.request_id,
    tokenId: row.token_id,
  };
}
