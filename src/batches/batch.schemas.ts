import { z } from 'zod';

const problem = z.object({ path: z.string(), message: z.string() });

export const batchRejection = z
  .object({ line: z.number().int(), problems: z.array(problem) })
  .meta({ id: 'BatchRejection' });

const batchCounts = {
  id: z.uuid(),
  status: z.enum(['receiving', 'queued', 'interrupted']),
  lines: z.number().int().meta({ description: 'non-blank lines read' }),
  accepted: z.number().int().meta({ description: 'lines accepted, repeats included' }),
  repeated: z.number().int().meta({
    description: 'accepted lines that repeated a declaration already stored; no new check',
  }),
  rejected: z.number().int(),
};

export const batchReceipt = z
  .object({
    ...batchCounts,
    rejections: z.array(batchRejection).meta({ description: 'the first 100 rejected lines' }),
  })
  .meta({ id: 'BatchReceipt' });

export const batchProgress = z
  .object({
    ...batchCounts,
    createdAt: z.string(),
    checks: z
      .object({
        queued: z.number().int(),
        running: z.number().int(),
        complete: z.number().int(),
        partial: z.number().int(),
      })
      .meta({ description: 'the checks this batch made, by status' }),
  })
  .meta({ id: 'BatchProgress' });

export const batchRejectionPage = z
  .object({ items: z.array(batchRejection), nextCursor: z.string().nullable() })
  .meta({ id: 'BatchRejectionPage' });
