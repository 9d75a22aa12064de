import { z } from 'zod';

import { DISCREPANCY_KINDS } from '../domain/vocabulary.js';

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      problems: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .meta({ id: 'Error' });

export const checkAccepted = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    status: z.enum(['queued', 'running', 'complete', 'partial']),
  })
  .meta({ id: 'CheckAccepted' });

export const departmentState = z.object({
  department: z.string(),
  state: z.enum(['pending', 'running', 'answered', 'unavailable']),
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
});

const consentEvidence = z.object({
  documentRef: z.string().nullable(),
  documentSha256: z.string().nullable(),
  collectedBy: z.string(),
});

export const checkMember = z
  .object({
    idNumber: z.string(),
    name: z.string(),
    relation: z.string(),
    consentSignedOn: z.string().nullable(),
    consent: consentEvidence.nullable(),
  })
  .meta({
    id: 'CheckMember',
    description: 'Full values only to a caseworker of the check\'s area; masked otherwise',
  });

export const checkDetail = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    assistance: z.string(),
    areaCode: z.string(),
    declaredOn: z.string(),
    status: z.enum(['queued', 'running', 'complete', 'partial']),
    submittedAt: z.string(),
    completedAt: z.string().nullable(),
    departments: z.array(departmentState),
    members: z.array(checkMember),
  })
  .meta({ id: 'Check' });

const findingValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const discrepancy = z
  .object({
    id: z.string(),
    checkId: z.uuid(),
    areaCode: z.string(),
    member: z.string().nullable().meta({ description: 'Identity number, masked' }),
    memberName: z.string().nullable().meta({ description: 'Declared name, masked' }),
    item: z.string(),
    kind: z.enum(DISCREPANCY_KINDS),
    declared: findingValue,
    found: findingValue,
    department: z.string(),
    answeredAt: z.string().nullable(),
  })
  .meta({ id: 'Discrepancy' });

export const discrepancyPage = z
  .object({
    items: z.array(discrepancy),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'DiscrepancyPage' });

export const pageQuery = {
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
};

export const auditEvent = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    areaCode: z.string().nullable(),
    requestId: z.string().nullable(),
    tokenId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const auditPage = z
  .object({ items: z.array(auditEvent), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });

export const queueCounts = z
  .object({
    queues: z.array(
      z.object({
        name: z.string(),
        waiting: z.number().int(),
        active: z.number().int(),
        delayed: z.number().int(),
        failed: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'QueueCounts' });
