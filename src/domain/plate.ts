/**
 * Separators people and departments put inside a plate: the middle dot
 * `·` (U+00B7) printed on plates, hyphens, and white space including the
 * ideographic space (U+3000). Look-alikes that Chinese input methods produce
 * in place of the middle dot or the hyphen count the same: the katakana
 * middle dot `・` (U+30FB), the bullet `•` (U+2022) and the full-width hyphen
 * `－` (U+FF0D).
 */
const SEPARATORS = /[\s\u00B7\u30FB\u2022\u002D\uFF0D]/gu;

/**
 * The form plates are compared and reported in: upper case, no separators.
 * NFKC folding comes first so that full-width letters and digits (`Ａ`, `１`),
 * which the same input methods produce, read as their ASCII forms; the
 * province character is left as it is.
 */
export function normalisePlate(plate: string): string {
  return plate.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
}
