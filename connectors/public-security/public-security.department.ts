import type { Department } from '../contract.js';
import { personsIn, selectRecords } from '../record-selection.js';
import { marriageRecords } from '../marriage/marriage.records.js';
import { createPublicSecurityConnector } from './public-security.connector.js';
import { evaluatePublicSecurity } from './public-security.items.js';
import {
  publicSecurityRecords,
  type PublicSecurityRecords,
  type RecordedDeath,
  type RegisteredHousehold,
  type RegisteredVehicle,
} from './public-security.records.js';
import { createPublicSecuritySandbox } from './public-security.sandbox.js';

export const publicSecurity: Department<PublicSecurityRecords> = {
  name: 'public-security',
  items: ['vehicle', 'household-registration', 'death'],
  transport: 'http',
  // Whether a spouse the marriage registry names has died decides if a
  // declared widow or widower is consistent with a recorded marriage.
  alsoAsksAbout: {
    department: 'marriage',
    persons: (records) => {
      const parsed = marriageRecords.safeParse(records);
      return parsed.success ? parsed.data.records.flatMap((r) => [r.man, r.woman]) : [];
    },
  },
  records: publicSecurityRecords,
  empty: () => ({ households: [], vehicles: [], deaths: [] }),
  selectFor: selectPublicSecurityRecords,
  defaults: {
    batchSize: 20,
    concurrency: 16,
    ratePerSecond: 100,
    timeoutMs: 5000,
    attempts: 5,
    backoffMs: 500,
  },
  createConnector: createPublicSecurityConnector,
  createSandbox: createPublicSecuritySandbox,
  evaluate: evaluatePublicSecurity,
};

const owners = {
  households: (household: RegisteredHousehold) => household.members.map((m) => m.idNumber),
  vehicles: (vehicle: RegisteredVehicle) => [vehicle.ownerIdNumber],
  deaths: (death: RecordedDeath) => [death.idNumber],
};

/**
 * The register is asked about a family's persons and then about everyone
 * registered in their households (whether they died), so a family's part
 * holds what concerns either.
 */
function selectPublicSecurityRecords(
  records: PublicSecurityRecords,
  persons: ReadonlySet<string>,
): PublicSecurityRecords {
  const households = selectRecords(records, owners, persons).households;
  const registered = personsIn({ households }, { households: owners.households });
  const widened = new Set([...persons, ...registered]);
  return selectRecords(records, owners, widened);
}
