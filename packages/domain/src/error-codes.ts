/**
 * The stable `extensions.code` of every error the API reports (the server's one error helper,
 * apps/server/src/shared/errors.ts, sends them; the web apps read them).
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** Too many failed sign-ins for an account or an address; `retryAfterSeconds` says when to try again. */
  LOGIN_THROTTLED: 'LOGIN_THROTTLED',
  /** Too many applications from one client address in an hour; `retryAfterSeconds` and `retryAt` say when to try again. */
  SUBMISSIONS_THROTTLED: 'SUBMISSIONS_THROTTLED',
  /** The operation nests fields deeper than the server allows; `limit` and `found` say by how much. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** The operation uses more aliases than allowed (`limit`, `found`). */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** The operation uses more directives than allowed (`limit`, `found`). */
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  /** The document has more tokens than allowed (`limit`). */
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  /** `variables` or `extensions` nest objects and lists deeper than allowed (`limit`). HTTP 400. */
  VARIABLES_TOO_DEEP: 'VARIABLES_TOO_DEEP',
  /** The operation's estimated cost is over the limit (`limit`, `cost`); ask for smaller pages. */
  TOO_COMPLEX: 'TOO_COMPLEX',
  /** The request body is larger than allowed (`limit`, in bytes). HTTP 413. */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** The request line and headers (a long GET URL) are larger than the server reads. HTTP 431. */
  REQUEST_HEADERS_TOO_LARGE: 'REQUEST_HEADERS_TOO_LARGE',
  /** Several operations in one request (a JSON array): send one operation per request. */
  BATCHING_NOT_SUPPORTED: 'BATCHING_NOT_SUPPORTED',
  /** The client used its budget for the window; HTTP 429 with `retryAfterSeconds`, `limit` and `resetAt`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A subscription connection has as many operations open as allowed (`limit`): complete one first. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** A client address has as many subscription connections open as allowed: the upgrade is refused with 429. */
  TOO_MANY_CONNECTIONS: 'TOO_MANY_CONNECTIONS',
  /** A POST whose body is not `application/json`: HTTP 415. Also what stops cross-site form posts (CSRF). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** A request the server cannot read as a GraphQL request (malformed JSON, missing query…). HTTP 400. */
  BAD_REQUEST: 'BAD_REQUEST',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The `extensions.reason` of a refusal that a client reacts to (beside its code). */
export const ErrorReason = {
  /** FORBIDDEN: the account signed in with a one-time password and must change it first. */
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  /** CONFLICT: accepting an application would take more partner places than the program has. */
  CAPACITY_REACHED: 'CAPACITY_REACHED',
  /**
   * CONFLICT: a manual edit changes a field that a scheduled change will set later; `scheduledChanges`
   * lists them. Send the edit again with `scheduledChanges: KEEP` or `CANCEL`.
   */
  SCHEDULED_CHANGE_PENDING: 'SCHEDULED_CHANGE_PENDING',
  /** CONFLICT: the scheduled change is no longer pending (applied, skipped or cancelled already). */
  SCHEDULED_CHANGE_SETTLED: 'SCHEDULED_CHANGE_SETTLED',
} as const;
export type ErrorReason = (typeof ErrorReason)[keyof typeof ErrorReason];
