/**
 * The fixed vocabulary of the cross-check domain. Departments and their check
 * items are not fixed here: `connectors/registry.ts` lists them.
 */

export const DISCREPANCY_KINDS = [
  'mismatch',
  'undeclared',
  'not-found',
  'member-undeclared',
  'member-not-registered',
  'deceased',
  'notice',
  'unavailable',
] as const;

export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export const ASSISTANCE_KINDS = [
  'subsistence-allowance',
  'medical-assistance',
  'low-income',
  'housing-security',
  'education-aid',
  'temporary-assistance',
] as const;

export const RELATIONS = [
  'applicant',
  'spouse',
  'child',
  'parent',
  'grandparent',
  'grandchild',
  'sibling',
  'other',
] as const;

export const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

/** A value a discrepancy reports: money as a number, a date, a grade, or a string key. */
export type FindingValue = number | string | null;

/**
 * One difference between the declaration and a department's records, as an
 * item rule reports it. `member` is the normalised 18-character identity
 * number the entry is about, or null for family-level entries.
 */
export interface Finding {
  member: string | null;
  /** A check item of the department that reported it, such as `pension`. */
  item: string;
  kind: DiscrepancyKind;
  declared: FindingValue;
  found: FindingValue;
}
