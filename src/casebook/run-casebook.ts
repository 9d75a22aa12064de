import type { AnyDepartment } from '../../connectors/contract.js';
import { type RunningSandboxes, loadSandboxes } from '../runtime/sandboxes.js';
import { ApiClient } from './api-client.js';
import type { CaseFile } from './case-file.js';
import {
  type CaseDifference,
  type ListedEntry,
  compareEntries,
  isEmptyDifference,
} from './compare.js';

export interface CaseResult {
  id: string;
  passed: boolean;
  detail: string;
}

export interface CasebookTarget {
  baseUrl: string;
  sandboxes: RunningSandboxes;
  departments: readonly AnyDepartment[];
  tokens: { submitter: string };
}

/** How long one case may take, department retries included. */
const CASE_TIMEOUT_MS = 60_000;

/**
 * Runs cases one after another through the real API and workers. Each case
 * replaces what every sandbox holds, so cases run alone; each stack submits
 * under a submitter of its own, so references of earlier runs do not collide.
 */
export async function runCasebook(
  target: CasebookTarget,
  cases: readonly CaseFile[],
  onResult: (result: CaseResult) => void = () => undefined,
): Promise<CaseResult[]> {
  const client = new ApiClient(target.baseUrl, target.tokens.submitter);
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    const result = await runCase(target, client, testCase).catch(
      (err: unknown): CaseResult => ({
        id: testCase.id,
        passed: false,
        detail: err instanceof Error ? err.message : String(err),
      }),
    );
    results.push(result);
    onResult(result);
  }
  return results;
}

async function runCase(
  target: CasebookTarget,
  client: ApiClient,
  testCase: CaseFile,
): Promise<CaseResult> {
  await prepareSandboxes(target, testCase);

  const submitted = await client.submit(testCase.family);
  if (testCase.rejected) {
    const passed = submitted.status === 400;
    return {
      id: testCase.id,
      passed,
      detail: passed ? 'rejected' : `answered ${submitted.status}`,
    };
  }
  const checkId = submitted.body.id;
  if (submitted.status !== 202 || !checkId) {
    return { id: testCase.id, passed: false, detail: `submission answered ${submitted.status}` };
  }

  const status = await client.waitForCheck(checkId, CASE_TIMEOUT_MS);
  const listed = await client.listDiscrepancies<ListedEntry>(checkId);
  const difference = compareEntries(testCase.expect ?? [], listed);
  const passed = isEmptyDifference(difference);
  return { id: testCase.id, passed, detail: passed ? status : describe(difference) };
}

async function prepareSandboxes(target: CasebookTarget, testCase: CaseFile): Promise<void> {
  const down = new Set(
    Object.entries(testCase.departments)
      .filter(([, holding]) => 'down' in holding)
      .map(([name]) => name),
  );
  const records = Object.fromEntries(
    Object.entries(testCase.departments).filter(([name]) => !down.has(name)),
  );
  await loadSandboxes(target.sandboxes, target.departments, records);
  for (const [name, sandbox] of target.sandboxes) sandbox.setFaults({ down: down.has(name) });
}

function describe(d: CaseDifference): string {
  return [
    d.missing.length ? `missing ${d.missing.join(', ')}` : '',
    d.unexpected.length ? `unexpected ${d.unexpected.join(', ')}` : '',
    d.wrongFound.length ? `expected ${d.wrongFound.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
