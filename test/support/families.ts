import { randomBytes } from 'node:crypto';

type FamilyBody = Record<string, unknown> & { members: Array<Record<string, unknown>> };

/** A valid declared family of two, in the case book's neutral form, with a fresh reference. */
export function validFamily(): FamilyBody {
  return {
    reference: `T-${randomBytes(4).toString('hex')}`,
    assistance: 'subsistence-allowance',
    areaCode: '430102001001',
    declaredOn: '2026-11-20',
    members: [
      member('430102194603120244', '周桂英', 'applicant', 1850),
      member('11010519491231002X', '王𠀾𡈼', 'spouse', 0),
    ],
    assets: { realEstate: [], vehicles: [], housingSubsidy: false },
  };
}

function member(idNumber: string, name: string, relation: string, pension: number) {
  return {
    idNumber,
    name,
    relation,
    consentSignedOn: '2026-11-18',
    declared: {
      monthlyIncome: { wage: 0, pension, unemploymentBenefit: 0, business: 0 },
      maritalStatus: 'married',
      disabilityGrade: null,
    },
  };
}
