import { GraphQLError } from 'graphql';

/**
 * The one way the API reports a problem: a GraphQL error with a stable `extensions.code` and,
 * where one input field is at fault, its path in `extensions.field`.
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
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function apiError(
  code: ErrorCode,
  message: string,
  details: { field?: string; [key: string]: unknown } = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export const badUserInput = (message: string, field?: string, details: Record<string, unknown> = {}) =>
  apiError(ErrorCode.BAD_USER_INPUT, message, { field, ...details });

export const notFound = (message: string, field?: string) => apiError(ErrorCode.NOT_FOUND, message, { field });

export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  apiError(ErrorCode.CONFLICT, message, details);

export const unauthenticated = (message = 'Sign in to do this.') => apiError(ErrorCode.UNAUTHENTICATED, message);

export const forbidden = (message: string, details: Record<string, unknown> = {}) =>
  apiError(ErrorCode.FORBIDDEN, message, details);
