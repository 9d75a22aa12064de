/**
 * What lists show of a person: enough for a caseworker to recognise a
 * member of a family they already know, too little to identify a stranger.
 * Full values appear only in a single check's detail, to its area's caseworkers.
 */

const MASK = '*';

/** Identity numbers keep their first 6 (area) and last 4 characters. */
const KEPT_HEAD = 6;
const KEPT_TAIL = 4;

/**
 * Two-character surnames that stay whole. A name of two characters is read
 * as a one-character surname and a given name, since 欧阳 alone is rarely a
 * full name while 欧 plus 阳 is a common one.
 */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
  '司徒', '夏侯', '令狐', '宇文', '澹台', '端木', '呼延', '申屠', '太史', '南宫',
]);

/** `430102194603120244` → `430102********0244`; too short to split, all of it masked. */
export function maskIdentityNumber(idNumber: string): string {
  if (idNumber.length <= KEPT_HEAD + KEPT_TAIL) return MASK.repeat(idNumber.length);
  const hidden = idNumber.length - KEPT_HEAD - KEPT_TAIL;
  return `${idNumber.slice(0, KEPT_HEAD)}${MASK.repeat(hidden)}${idNumber.slice(-KEPT_TAIL)}`;
}

/**
 * The surname followed by one mask per remaining character: `周桂英` → `周**`,
 * `欧阳娜娜` → `欧阳**`. Characters are code points, so a name written with
 * characters outside the basic plane masks as many as it shows.
 */
export function maskName(name: string): string {
  const characters = [...name];
  const surname = surnameLength(characters);
  const masked = Math.max(characters.length - surname, 1);
  return `${characters.slice(0, surname).join('')}${MASK.repeat(masked)}`;
}

function surnameLength(characters: readonly string[]): number {
  if (characters.length <= 1) return 0;
  const leadingPair = characters.slice(0, 2).join('');
  return characters.length > 2 && COMPOUND_SURNAMES.has(leadingPair) ? 2 : 1;
}

/** Any identity number (18- or 15-character form) inside free text, masked. */
export function maskIdentityNumbersIn(text: string): string {
  return text.replace(/(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])/g, maskIdentityNumber);
}
