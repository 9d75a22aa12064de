import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Row types of the tables `migrations/` creates. Domain types live apart, in
 * `src/domain`; each repository converts between the two in one place.
 */
export interface Database {
  checks: ChecksTable;
  department_lookups: DepartmentLookupsTable;
  department_answers: DepartmentAnswersTable;
  discrepancies: DiscrepanciesTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  batches: BatchesTable;
  batch_rejections: BatchRejectionsTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateColumn = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string, string>;

export type CheckStatus = 'queued' | 'running' | 'complete' | 'partial';
export type LookupState = 'pending' | 'running' | 'answered' | 'unavailable';

export interface ChecksTable {
  id: string;
  submitter: string;
  reference: string;
  assistance: string;
  area_code: string;
  declared_on: DateColumn;
  family: Json;
  status: ColumnType<CheckStatus, CheckStatus | undefined, CheckStatus>;
  submitted_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The batch the check came in, if it came in one. */
  batch_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DepartmentLookupsTable {
  check_id: string;
  department: string;
  state: ColumnType<LookupState, LookupState | undefined, LookupState>;
  attempts: ColumnType<number, number | undefined, number>;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DepartmentAnswersTable {
  check_id: string;
  department: string;
  records: Json;
  answered_at: Timestamp;
}

export interface DiscrepanciesTable {
  id: Generated<string>;
  check_id: string;
  position: number;
  area_code: string;
  item: string;
  kind: string;
  member_id_number: string | null;
  declared: ColumnType<unknown, string | null, string | null>;
  found: ColumnType<unknown, string | null, string | null>;
  department: string;
  answered_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  recorded_at: Timestamp;
}

export type CheckRow = Selectable<ChecksTable>;
export type NewCheckRow = Insertable<ChecksTable>;
export type LookupRow = Selectable<DepartmentLookupsTable>;
export type DiscrepancyRow = Selectable<DiscrepanciesTable>;
export type NewDiscrepancyRow = Insertable<DiscrepanciesTable>;

export type Role = 'submitter' | 'caseworker' | 'operator';

export interface ApiTokensTable {
  id: string;
  name: string;
  role: Role;
  /** A division code of any level, or CN for the whole country. */
  area_code: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: Timestamp;
  token_id: string | null;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  area_code: string | null;
  request_id: string | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;

export type BatchStatus = 'receiving' | 'queued' | 'interrupted';

export interface BatchesTable {
  id: string;
  submitter: string;
  /** The area of the token the batch was sent with. */
  area_code: string;
  created_at: Timestamp;
  lines: ColumnType<number, number | undefined, number>;
  accepted: ColumnType<number, number | undefined, number>;
  /** Accepted lines that repeated a declaration already stored; no new check was made. */
  repeated: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  status: ColumnType<BatchStatus, BatchStatus | undefined, BatchStatus>;
}

export interface BatchRejectionsTable {
  batch_id: string;
  line: number;
  problems: Json;
}

export type BatchRow = Selectable<BatchesTable>;
