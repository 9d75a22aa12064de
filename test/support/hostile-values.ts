import fc from 'fast-check';

/** Fragments an attacker sends hoping a string reaches SQL, HTML or a template unescaped. */
export const INJECTIONS = [
  "' OR '1'='1' --",
  "'; DROP TABLE checks; --",
  '1; SELECT pg_sleep(10)',
  '" UNION SELECT token_hash FROM api_tokens --',
  '$$; DELETE FROM discrepancies; $$',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(document.cookie)',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  '../../../../etc/passwd',
  '%00%0d%0aSet-Cookie: x=1',
];

/** Characters outside the basic plane, alone and combined. */
const ASTRAL = ['𠀀𠀁𪚥', '😀👨‍👩‍👧‍👦', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\u{10FFFF}'];

/** Strings no constrained field (code, number, date, enum) accepts. */
export const hostileString = fc.oneof(
  fc.constantFrom(...INJECTIONS, ...ASTRAL),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'x'.repeat(10_000)),
);

/** Dates a calendar has not got, or one far outside the range a declaration may have. */
export const absurdDate = fc.constantFrom(
  '0000-00-00', '2026-02-30', '2026-13-01', '2026-1-1', '20261120', '1899-12-31',
  '9999-12-31', '+275760-09-13', '-000001-01-01', '2026-11-20T00:00:00Z', 'yesterday',
  '2026-11-20\u0000', '２０２６-１１-２０',
);

/** A value nested some hundreds deep, to find a recursion that falls over. */
export const deeplyNested = fc.integer({ min: 50, max: 300 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
});

/** JSON text nested far deeper than any value a test could build and print. */
export const deeplyNestedText = fc.integer({ min: 1000, max: 200_000 }).map((depth) =>
  `${'['.repeat(depth)}${']'.repeat(depth)}`);

const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const smallJson = fc.jsonValue({ maxDepth: 2 });
const array = fc.array(smallJson, { maxLength: 3 });
const object = fc.dictionary(fc.string(), smallJson, { maxKeys: 3 });

/** A value of any kind but a string (null included). */
export const notString = fc.oneof(
  number, fc.boolean(), fc.constant(null), array, object, deeplyNested,
);
/** A value of any kind but a number (null included). */
export const notNumber = fc.oneof(hostileString, fc.boolean(), fc.constant(null), array, object);
/** A value of any kind but a boolean (null included). */
export const notBoolean = fc.oneof(hostileString, number, fc.constant(null), array, object);
/** A value of any kind but an array (null included). */
export const notArray = fc.oneof(hostileString, number, fc.boolean(), fc.constant(null), object);
