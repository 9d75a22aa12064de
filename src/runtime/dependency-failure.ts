/**
 * Tells apart a failure of PostgreSQL or Redis being out of reach from every
 * other error: the API answers the first with 503, and a lookup that meets
 * it retries without blaming the department.
 */

/** Socket errors Node reports when a server refuses, drops or never answers a connection. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that cannot serve us now: class 08 (connection
 * exception), shutting down or starting up (57P01 to 57P03), too many
 * connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/**
 * node-postgres and ioredis report some of these with a message and no code;
 * these are their wordings.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /enableOfflineQueue (options? )?is false/,
  /^Reached the max retries per request limit/,
  /^Connection is closed/,
];

/** Errors are followed through `cause` and the parts of an AggregateError this deep. */
const MAX_DEPTH = 4;

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > MAX_DEPTH) return false;
  if (unavailableByCode(error) || unavailableByMessage(error.message)) return true;

  if (isDependencyUnavailable(error.cause, depth + 1)) return true;
  return error instanceof AggregateError
    && error.errors.some((inner) => isDependencyUnavailable(inner, depth + 1));
}

function unavailableByCode(error: Error): boolean {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code);
}

function unavailableByMessage(message: string): boolean {
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
