import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

/** A case of the case book: a family, what each department holds, and what must be found. */
const expectedEntry = z.object({
  member: z.string().nullable(),
  item: z.string(),
  kind: z.string(),
  found: z.union([z.number(), z.string()]).optional(),
});

const departmentHolding = z.union([
  z.object({ down: z.literal(true) }),
  z.record(z.string(), z.array(z.unknown())),
]);

export const caseFile = z.object({
  id: z.string(),
  about: z.string(),
  family: z.unknown(),
  departments: z.record(z.string(), departmentHolding),
  expect: z.array(expectedEntry).optional(),
  rejected: z.literal(true).optional(),
});

export type CaseFile = z.infer<typeof caseFile>;
export type ExpectedEntry = z.infer<typeof expectedEntry>;

/** Every `*.json` case of a folder, in file-name order; a malformed one is an error naming it. */
export async function readCaseFiles(dir: string): Promise<Array<CaseFile & { file: string }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      const parsed = caseFile.safeParse(JSON.parse(text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`,
        );
      }
      return { ...parsed.data, file };
    }),
  );
}
