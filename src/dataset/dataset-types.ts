import type { DisabilityRecords } from '../../connectors/disability/disability.records.js';
import type { HousingRecords } from '../../connectors/housing/housing.records.js';
import type { LocalTaxRecords } from '../../connectors/local-tax/local-tax.records.js';
import type { MarriageRecords } from '../../connectors/marriage/marriage.records.js';
import type {
  ProvidentFundRecords,
} from '../../connectors/provident-fund/provident-fund.records.js';
import type {
  PublicSecurityRecords,
} from '../../connectors/public-security/public-security.records.js';
import type {
  SocialSecurityRecords,
} from '../../connectors/social-security/social-security.records.js';
import type { StateTaxRecords } from '../../connectors/state-tax/state-tax.records.js';
import type { DeclaredFamily } from '../domain/declared-family.js';
import type { DiscrepancyKind } from '../domain/vocabulary.js';

export const DEPARTMENT_NAMES = [
  'social-security',
  'housing',
  'public-security',
  'provident-fund',
  'state-tax',
  'local-tax',
  'disability',
  'marriage',
] as const;

export type DepartmentName = (typeof DEPARTMENT_NAMES)[number];

/**
 * What each department holds, in its own record shapes. A type rather than
 * an interface so that it passes where records are looked up by name.
 */
export type DepartmentRecordSets = {
  'social-security': SocialSecurityRecords;
  housing: HousingRecords;
  'public-security': PublicSecurityRecords;
  'provident-fund': ProvidentFundRecords;
  'state-tax': StateTaxRecords;
  'local-tax': LocalTaxRecords;
  disability: DisabilityRecords;
  marriage: MarriageRecords;
};

/** A discrepancy the generator put in on purpose; the check should report exactly these. */
export interface PlantedDiscrepancy {
  reference: string;
  /** Normalised 18-character identity number, or null for family-level entries. */
  member: string | null;
  item: string;
  kind: DiscrepancyKind;
}

export interface Dataset {
  families: DeclaredFamily[];
  departments: DepartmentRecordSets;
  planted: PlantedDiscrepancy[];
}

/** One family with the records of its own people and what was planted in them. */
export interface GeneratedFamily {
  family: DeclaredFamily;
  departments: DepartmentRecordSets;
  planted: PlantedDiscrepancy[];
}

export interface DatasetOptions {
  /** Same seed, same options: the same data set, byte for byte. */
  seed: number;
  families: number;
  /** Declaration date of every family; defaults to 2026-11-20 like the case book. */
  declaredOn?: string;
  /** Division prefixes the families live in; defaults to counties of 长沙 and 南京. */
  countyPrefixes?: string[];
  /** Start of every family's reference; defaults to one derived from the seed. */
  referencePrefix?: string;
}

export type Sex = 'male' | 'female';

/** A person of the data set: a declared member or a relative the records mention. */
export interface Person {
  idNumber: string;
  name: string;
  sex: Sex;
  birthOn: string;
  /** One bit per department (in DEPARTMENT_NAMES order) still filing the 15-digit number. */
  legacyFiling: number;
}
