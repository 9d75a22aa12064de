import { z } from 'zod';

import { identityNumberProblem, isRealIsoDate } from './identity-number.js';
import { ASSISTANCE_KINDS, MARITAL_STATUSES, RELATIONS } from './vocabulary.js';

/** Consent older than this many days before `declaredOn` no longer covers the check. */
export const CONSENT_VALID_DAYS = 365;

/** Members a declared family may list unless the MAX_MEMBERS setting says otherwise. */
export const DEFAULT_MAX_MEMBERS = 30;

/** False for control characters and unpaired surrogates: no name, reference or plate holds them. */
function isPrintable(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
    if (code >= 0xdc00 && code <= 0xdfff) return false;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    }
  }
  return true;
}

/** Free text of a declaration: trimmed, bounded, printable. */
function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine(isPrintable, {
      message: 'must not contain control characters or broken surrogate pairs',
    });
}

/** Declarations older than this are not accepted; nothing here predates it. */
const EARLIEST_DECLARATION = '2000-01-01';

const isoDate = z
  .string()
  .refine(isRealIsoDate, { message: 'must be a real date in the form YYYY-MM-DD' })
  .meta({ format: 'date', example: '2026-11-20' });

const identityNumber = z
  .string()
  .superRefine((value, ctx) => {
    const problem = identityNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `identity number ${problem}` });
  })
  .transform((value) => value.toUpperCase())
  .meta({ description: '18-character resident identity number', example: '11010519491231002X' });

const amount = z
  .number()
  .nonnegative({ message: 'must not be negative' })
  .max(100_000_000, { message: 'must be below 100,000,000' })
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
    message: 'must have at most two decimals',
  })
  .meta({ description: 'CNY per month, at most two decimals' });

const monthlyIncome = z.strictObject({
  wage: amount,
  pension: amount,
  unemploymentBenefit: amount,
  business: amount,
});

/**
 * Where the signed authorisation can be found again: the office's document
 * reference, the SHA-256 of the scanned form, or both; and who collected it.
 */
const consentEvidence = z
  .strictObject({
    documentRef: text(256).optional(),
    documentSha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be a SHA-256 of 64 hexadecimal characters' })
      .transform((value) => value.toLowerCase())
      .optional(),
    collectedBy: text(128),
  })
  .refine((e) => e.documentRef !== undefined || e.documentSha256 !== undefined, {
    message: 'must name the signed form by documentRef or documentSha256',
  });

const member = z.strictObject({
  idNumber: identityNumber,
  name: text(64),
  relation: z.enum(RELATIONS),
  consentSignedOn: isoDate.nullable().optional(),
  // Optional so that families declared before evidence was collected stay valid.
  consent: consentEvidence.optional(),
  declared: z.strictObject({
    monthlyIncome,
    maritalStatus: z.enum(MARITAL_STATUSES),
    disabilityGrade: z.number().int().min(1).max(4).nullable(),
  }),
});

const assets = z.strictObject({
  realEstate: z
    .array(
      z.strictObject({
        ownerIdNumber: identityNumber,
        floorAreaM2: z.number().positive().max(100_000),
      }),
    )
    .max(100),
  vehicles: z
    .array(
      z.strictObject({
        ownerIdNumber: identityNumber,
        plate: text(16),
      }),
    )
    .max(100),
  housingSubsidy: z.boolean(),
});

/** What the declared family looks like on the wire, before the rules that span fields. */
const familyShape = (maxMembers: number) => z.strictObject({
  reference: text(128),
  assistance: z.enum(ASSISTANCE_KINDS),
  areaCode: z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit village code' }),
  // An unreal date is reported once, by isoDate.
  declaredOn: isoDate.refine((date) => !isRealIsoDate(date) || isAcceptedDeclarationDate(date), {
    message: `must lie between ${EARLIEST_DECLARATION} and today`,
  }),
  members: z
    .array(member)
    .min(1, { message: 'must list at least one member' })
    .max(maxMembers, { message: `must list at most ${maxMembers} members` }),
  assets,
});

export type DeclaredFamily = z.output<ReturnType<typeof familyShape>>;
export type DeclaredMember = DeclaredFamily['members'][number];

export interface FamilyRuleContext {
  /** True when the 12-digit code is a village or community of the published division list. */
  villageExists(code: string): boolean;
  /** Members a family may list; DEFAULT_MAX_MEMBERS when not given. */
  maxMembers?: number;
}

/**
 * The declared family with every rule of the contract: valid identity numbers,
 * a village that exists, one applicant, no member twice, consent for every
 * member within the year before the declaration, assets owned by members.
 */
export function declaredFamilySchema(context: FamilyRuleContext) {
  const shape = familyShape(context.maxMembers ?? DEFAULT_MAX_MEMBERS);
  return shape.superRefine((family, ctx) => {
    if (!context.villageExists(family.areaCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['areaCode'],
        message: 'is not a village or community of the division list',
      });
    }
    checkMembers(family, ctx);
    checkAssetOwners(family, ctx);
  });
}

function checkMembers(family: DeclaredFamily, ctx: z.RefinementCtx): void {
  const applicants = family.members.filter((m) => m.relation === 'applicant').length;
  if (applicants !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['members'],
      message: `must hold exactly one applicant, found ${applicants}`,
    });
  }

  const seen = new Set<string>();
  family.members.forEach((m, index) => {
    if (seen.has(m.idNumber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['members', index, 'idNumber'],
        message: 'lists a member already listed',
      });
    }
    seen.add(m.idNumber);

    const declaredOn = family.declaredOn;
    if (isAcceptedDeclarationDate(declaredOn) && birthDateOf(m.idNumber) > declaredOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['members', index, 'idNumber'],
        message: 'holds a birth date after declaredOn',
      });
    }

    // Consent is weighed against the declaration only when both dates are real;
    // an unreal one is already reported on its own field.
    const signedOn = m.consentSignedOn ?? null;
    if (!isAcceptedDeclarationDate(family.declaredOn)) return;
    if (signedOn && !isRealIsoDate(signedOn)) return;
    const problem = consentProblem(signedOn, family.declaredOn);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        path: ['members', index, 'consentSignedOn'],
        message: problem,
      });
    }
  });
}

/**
 * A real date from EARLIEST_DECLARATION to tomorrow in UTC, so that a
 * declaration made today anywhere in China is never refused as future.
 */
function isAcceptedDeclarationDate(date: string): boolean {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return isRealIsoDate(date) && date >= EARLIEST_DECLARATION && date <= tomorrow;
}

/** True when a problem's dotted path (`members.1.consentSignedOn`) names a member's consent. */
export function isConsentProblemPath(path: string): boolean {
  return /^members\.\d+\.(consentSignedOn|consent)(\.|$)/.test(path);
}

/** Why a consent date does not cover a declaration, or null when it does. */
export function consentProblem(signedOn: string | null, declaredOn: string): string | null {
  if (!signedOn) return 'consent is missing: nothing is checked without consent';
  if (signedOn > declaredOn) return 'consent is dated after declaredOn';
  const ageDays = (Date.parse(declaredOn) - Date.parse(signedOn)) / 86_400_000;
  if (ageDays > CONSENT_VALID_DAYS) {
    return `consent is more than ${CONSENT_VALID_DAYS} days older than declaredOn`;
  }
  return null;
}

function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

function checkAssetOwners(family: DeclaredFamily, ctx: z.RefinementCtx): void {
  const members = new Set(family.members.map((m) => m.idNumber));
  const check = (kind: 'realEstate' | 'vehicles', owners: string[]) => {
    owners.forEach((owner, index) => {
      if (!members.has(owner)) {
        ctx.addIssue({
          code: 'custom',
          path: ['assets', kind, index, 'ownerIdNumber'],
          message: 'is not a declared member',
        });
      }
    });
  };
  check('realEstate', family.assets.realEstate.map((r) => r.ownerIdNumber));
  check('vehicles', family.assets.vehicles.map((v) => v.ownerIdNumber));
}
