import {
  endedSubsidyDeclared,
  recentPurchase,
  scrappedVehicle,
  undeclaredProperty,
  undeclaredSubsidy,
  undeclaredVehicle,
  vanishedProperty,
} from './asset-plants.js';
import {
  absentSpouse,
  deceasedMember,
  expiredDisability,
  hiddenDivorce,
  regradedDisability,
  registeredElsewhere,
  remarriage,
  undeclaredDisability,
  unlistedResident,
  unregisteredStatus,
} from './civil-plants.js';
import type { FamilyDraft, GeneratorContext } from './family-draft.js';
import {
  changedPayment,
  closedBusiness,
  endedPayment,
  undeclaredBusiness,
  undeclaredFund,
  undeclaredPayment,
  undeclaredWage,
  underdeclaredWage,
  unsupportedWage,
} from './income-plants.js';
import type { Plant } from './plant-helpers.js';

/** Share of families that carry at least one planted discrepancy. */
export const PLANTED_FAMILY_SHARE = 0.35;

/**
 * Every way the generator departs from an honest family, weighted by how
 * often caseworkers meet it. Undeclared wages, cars and flats lead.
 */
const PLANTS: ReadonlyArray<readonly [Plant, number]> = [
  [undeclaredPayment('pension', 55, 120), 6],
  [changedPayment('pension', 60, 120), 6],
  [endedPayment('pension', 55, 120), 3],
  [undeclaredPayment('unemploymentBenefit', 18, 59), 3],
  [changedPayment('unemploymentBenefit', 18, 59), 2],
  [endedPayment('unemploymentBenefit', 18, 59), 3],
  [undeclaredWage, 10],
  [underdeclaredWage, 5],
  [unsupportedWage, 3],
  [undeclaredFund, 3],
  [undeclaredBusiness, 5],
  [closedBusiness, 3],
  [undeclaredProperty, 6],
  [vanishedProperty, 3],
  [recentPurchase, 4],
  [undeclaredSubsidy, 4],
  [endedSubsidyDeclared, 3],
  [undeclaredVehicle, 6],
  [scrappedVehicle, 3],
  [unlistedResident, 4],
  [registeredElsewhere, 3],
  [deceasedMember, 4],
  [regradedDisability, 3],
  [undeclaredDisability, 3],
  [expiredDisability, 3],
  [hiddenDivorce, 3],
  [remarriage, 3],
  [unregisteredStatus, 3],
  [absentSpouse, 3],
];

/**
 * Plants one to three discrepancies in about a third of the families. A
 * plant that finds no place in the family (no pensioner for a pension
 * change, say) is passed over for the next.
 */
export function plantDiscrepancies(context: GeneratorContext, draft: FamilyDraft): void {
  const { random } = context;
  if (!random.chance(PLANTED_FAMILY_SHARE)) return;

  let wanted = random.weighted([[1, 70], [2, 22], [3, 8]] as const);
  let remaining = [...PLANTS];
  while (wanted > 0 && remaining.length > 0) {
    const chosen = random.weighted(remaining.map((entry) => [entry, entry[1]] as const));
    remaining = remaining.filter((entry) => entry !== chosen);
    if (chosen[0](context, draft)) wanted -= 1;
  }
}
