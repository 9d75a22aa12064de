import type { CheckRow, DiscrepancyRow, LookupRow } from '../db/schema.js';
import type { DiscrepancyKind, FindingValue } from '../domain/vocabulary.js';

/** Converts rows into the API's shapes, in one place per resource. */

export function presentCheck(check: CheckRow, lookups: readonly LookupRow[]) {
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

export function presentDiscrepancy(row: DiscrepancyRow) {
  return {
    id: row.id,
    checkId: row.check_id,
    areaCode: row.area_code,
    member: row.member_id_number,
    item: row.item,
    kind: row.kind as DiscrepancyKind,
    declared: row.declared as FindingValue,
    found: row.found as FindingValue,
    department: row.department,
    answeredAt: row.answered_at?.toISOString() ?? null,
  };
}
