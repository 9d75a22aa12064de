import type {
  SocialSecurityPayment,
} from '../../connectors/social-security/social-security.records.js';
import { addMonths, compactMonth, monthRange } from './calendar.js';
import type { Person } from './dataset-types.js';
import { moneyString } from './family-draft.js';
import { filedId } from './people.js';
import type { Random } from './random.js';

type PaymentType = SocialSecurityPayment['type'];

/** Threshold of monthly pay above which wage tax is withheld, in fen. */
const TAX_FREE_FEN = 500_000;

/** Monthly social-security rows of one type, one per month, all of the same amount. */
export function paymentRows(
  person: Person,
  type: PaymentType,
  fen: number,
  months: readonly string[],
): SocialSecurityPayment[] {
  const aac002 = filedId(person, 'social-security');
  return months.map((month) => ({
    aac002,
    aac003: person.name,
    type,
    period: compactMonth(month),
    amountFen: fen,
  }));
}

/** Wage tax rows for the months worked; gross varies a little from month to month. */
export function wageTaxRows(random: Random, person: Person, fen: number, months: string[]) {
  const idNumber = filedId(person, 'local-tax');
  return months.map((month) => {
    const gross = fen + random.int(-Math.floor(fen / 50), Math.floor(fen / 50));
    const withheld = Math.max(0, Math.round((gross - TAX_FREE_FEN) * 0.03));
    return { idNumber, month, gross: moneyString(gross), withheld: moneyString(withheld) };
  });
}

/** A provident-fund account; both sides deposit 12 % of the wage. */
export function fundRow(
  random: Random,
  person: Person,
  status: 'NORMAL' | 'SEALED' | 'CLOSED',
  wageFen: number,
  lastMonth: string,
) {
  const depositFen = Math.round(wageFen * 0.24);
  return {
    id_card: filedId(person, 'provident-fund'),
    status,
    monthly_deposit: moneyString(depositFen),
    balance: moneyString(depositFen * random.int(6, 120) + random.int(0, 99_999)),
    last_deposit_month: lastMonth,
  };
}

/** The months a benefit or a contribution was last paid for: `count` months up to `last`. */
export function monthsUpTo(last: string, count: number): string[] {
  return monthRange(addMonths(last, 1 - count), last);
}

/** A monthly pension in fen: an employee's, or the much smaller resident's pension. */
export function pensionFen(random: Random): number {
  return random.chance(0.6) ? random.int(1500, 4500) * 100 : random.int(150, 450) * 100;
}

/** A monthly wage in fen, whole yuan mostly. */
export function wageFen(random: Random): number {
  const yuan = random.int(2000, 8000) * 100;
  return random.chance(0.8) ? yuan : yuan + random.int(1, 99);
}

/** A declared amount that differs from the recorded one by well under the tolerance. */
export function declaredNear(random: Random, fen: number): number {
  const spread = Math.min(3000, Math.floor(fen / 50));
  return Math.max(0, fen + random.int(-spread, spread));
}
