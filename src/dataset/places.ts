import type { DivisionIndex } from '../divisions/division-index.js';
import type { Random } from './random.js';

/** Counties of 长沙 and 南京, the two cities the demo and the case book live in. */
export const DEFAULT_COUNTY_PREFIXES = [
  '430102',
  '430103',
  '430104',
  '430105',
  '430111',
  '430121',
  '430181',
  '320104',
  '320106',
  '320115',
];

const PROVINCE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑',
  '31': '沪', '32': '苏', '33': '浙', '34': '皖', '35': '闽', '36': '赣', '37': '鲁', '41': '豫',
  '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝', '51': '川', '52': '贵',
  '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新',
};

/** Plate letters skip I and O, which read like digits. */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A vehicle plate as the department files it and in the bare form the check compares. */
export interface Plate {
  filed: string;
  bare: string;
}

/**
 * Where families live and the registration numbers handed out there. Every
 * village comes from the published division list; household, certificate
 * and plate numbers are unique across the data set.
 */
export class Places {
  private readonly villages: string[][];
  private readonly counties: string[];
  private readonly households = new Map<string, number>();
  private readonly plates = new Set<string>();
  private certificates = 0;

  constructor(
    private readonly random: Random,
    private readonly divisions: DivisionIndex,
    prefixes: readonly string[],
  ) {
    this.villages = prefixes.map((prefix) => {
      const found = divisions.villagesUnder(prefix);
      if (found.length === 0) throw new RangeError(`no published village under ${prefix}`);
      return found;
    });
    this.counties = [...new Set(this.villages.flat().map((code) => code.slice(0, 6)))];
  }

  /** A village of one of the prefixes, each prefix equally likely. */
  pickVillage(): string {
    return this.random.pick(this.random.pick(this.villages));
  }

  /** Where a person was first registered: mostly the family's county, else one nearby. */
  birthCounty(familyCounty: string): string {
    return this.random.chance(0.8) ? familyCounty : this.random.pick(this.counties);
  }

  nameOf(code: string): string {
    return this.divisions.nameOf(code) ?? code;
  }

  nextHouseholdNo(village: string): string {
    const next = (this.households.get(village) ?? this.random.int(0, 40)) + 1;
    this.households.set(village, next);
    return village + String(next).padStart(4, '0');
  }

  /** A property certificate number in the unified real-estate form. */
  nextCertificateNo(county: string, year: string): string {
    this.certificates += 1;
    const province = PROVINCE_ABBREVIATIONS[county.slice(0, 2)] ?? '';
    const countyName = this.nameOf(county);
    const place = countyName.endsWith('区') ? this.nameOf(county.slice(0, 4)) : countyName;
    const serial = String(this.certificates).padStart(7, '0');
    return `${province}(${year})${place}不动产权第${serial}号`;
  }

  /** A plate never handed out before: ordinary, or new-energy with D or F. */
  newPlate(county: string, newEnergy: boolean): Plate {
    const prefix = this.platePrefix(county);
    for (;;) {
      const tail = newEnergy ? this.newEnergyTail() : this.ordinaryTail();
      const bare = prefix + tail;
      if (this.plates.has(bare)) continue;
      this.plates.add(bare);
      const dotted = this.random.chance(0.5);
      return { filed: dotted ? `${prefix}·${tail}` : bare, bare };
    }
  }

  private platePrefix(county: string): string {
    const province = PROVINCE_ABBREVIATIONS[county.slice(0, 2)] ?? '湘';
    const letter = PLATE_LETTERS[Number(county.slice(2, 4)) - 1] ?? 'A';
    return province + letter;
  }

  private ordinaryTail(): string {
    const characters = Array.from({ length: 5 }, () => String(this.random.int(0, 9)));
    if (this.random.chance(0.4)) characters[this.random.int(0, 4)] = this.plateLetter();
    return characters.join('');
  }

  private newEnergyTail(): string {
    const digits = Array.from({ length: 5 }, () => String(this.random.int(0, 9)));
    return (this.random.chance(0.7) ? 'D' : 'F') + digits.join('');
  }

  private plateLetter(): string {
    return this.random.pick([...PLATE_LETTERS]);
  }
}
