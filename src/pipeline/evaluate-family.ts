import type { AnyDepartment, Department, MoneyTolerance } from '../../connectors/contract.js';
import { DEFAULT_TOLERANCE } from '../config.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import type { Finding } from '../domain/vocabulary.js';

/** How one department's lookup ended for a family. */
export type DepartmentOutcome =
  | { department: AnyDepartment; state: 'answered'; records: unknown; answeredAt: Date | null }
  | { department: AnyDepartment; state: 'unavailable'; answeredAt: Date | null };

export interface ReportedDiscrepancy extends Finding {
  department: string;
  /** When the department's answer came (or when it was given up on). */
  answeredAt: Date | null;
}

/**
 * Applies every department's item rules to a family. A department that did
 * not answer makes each of its items `unavailable` with no member: nothing is
 * called consistent that was not checked.
 */
export function evaluateFamily(
  family: DeclaredFamily,
  outcomes: readonly DepartmentOutcome[],
  tolerances: Record<string, MoneyTolerance>,
): ReportedDiscrepancy[] {
  const answered = new Map<string, unknown>();
  for (const outcome of outcomes) {
    if (outcome.state === 'answered') answered.set(outcome.department.name, outcome.records);
  }
  const answers = {
    recordsOf<R>(department: Department<R>): R | null {
      return answered.has(department.name) ? (answered.get(department.name) as R) : null;
    },
  };
  const tolerance = (item: string) => tolerances[item] ?? DEFAULT_TOLERANCE;

  return outcomes.flatMap((outcome) => {
    const findings =
      outcome.state === 'answered'
        ? outcome.department.evaluate({ family, records: outcome.records, answers, tolerance })
        : unavailableFindings(outcome.department);
    return findings.map((finding) => ({
      ...finding,
      department: outcome.department.name,
      answeredAt: outcome.answeredAt,
    }));
  });
}

function unavailableFindings(department: AnyDepartment): Finding[] {
  return department.items.map((item) => ({
    member: null,
    item,
    kind: 'unavailable' as const,
    declared: null,
    found: null,
  }));
}
