import type { AnyDepartment } from './contract.js';
import { disability } from './disability/disability.department.js';
import { housing } from './housing/housing.department.js';
import { localTax } from './local-tax/local-tax.department.js';
import { marriage } from './marriage/marriage.department.js';
import { providentFund } from './provident-fund/provident-fund.department.js';
import { publicSecurity } from './public-security/public-security.department.js';
import { socialSecurity } from './social-security/social-security.department.js';
import { stateTax } from './state-tax/state-tax.department.js';

/**
 * Every department Crosscheck asks. A new department is a folder beside the
 * others and one line here; its name becomes its queue, its settings prefix
 * and the `department` of its results.
 */
export const departments: readonly AnyDepartment[] = [
  socialSecurity,
  housing,
  publicSecurity,
  providentFund,
  stateTax,
  localTax,
  disability,
  marriage,
];
