/**
 * What a connector throws. The pipeline retries `DepartmentUnavailableError`
 * and `DepartmentRateLimitedError` (after the department's Retry-After), and
 * fails at once on `DepartmentAnswerInvalidError`: asking again would get the
 * same malformed answer.
 */
export class DepartmentUnavailableError extends Error {
  readonly code = 'DEPARTMENT_UNAVAILABLE';

  constructor(
    readonly department: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${department} unavailable: ${reason}`, options);
    this.name = 'DepartmentUnavailableError';
  }
}

export class DepartmentRateLimitedError extends Error {
  readonly code = 'DEPARTMENT_RATE_LIMITED';

  constructor(
    readonly department: string,
    readonly retryAfterMs: number,
  ) {
    super(`${department} asked us to wait ${retryAfterMs} ms`);
    this.name = 'DepartmentRateLimitedError';
  }
}

export class DepartmentAnswerInvalidError extends Error {
  readonly code = 'DEPARTMENT_ANSWER_INVALID';

  constructor(
    readonly department: string,
    reason: string,
  ) {
    super(`${department} answered in an unexpected shape: ${reason}`);
    this.name = 'DepartmentAnswerInvalidError';
  }
}
