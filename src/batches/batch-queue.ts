import type { AnyDepartment } from '../../connectors/contract.js';
import type { DepartmentSettings } from '../config.js';
import { type CheckQueues, enqueueLookups } from '../pipeline/queues.js';
import { departmentsToStart } from '../pipeline/related-persons.js';

/**
 * Queues the first lookups of many checks, in groups that each department
 * is asked about at once. Departments that wait for another are queued by
 * the pipeline when that one ends.
 */
export async function enqueueBatchLookups(
  queues: CheckQueues,
  checkIds: readonly string[],
  departments: readonly AnyDepartment[],
  settings: Record<string, DepartmentSettings>,
): Promise<void> {
  if (checkIds.length === 0) return;
  const first = departmentsToStart(departments, 'bulk').map((d) => d.name);
  await enqueueLookups(queues, checkIds, first, settings, 'bulk');
}
