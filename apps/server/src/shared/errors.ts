import { ErrorCode } from '@certhub/domain/error-codes';
import { GraphQLError } from 'graphql';

export { ErrorCode };

/**
 * The one way the API reports a problem: a GraphQL error with a stable `extensions.code` (the
 * names in @certhub/domain/error-codes, which the web apps read too) and, where one input field is
 * at fault, its path in `extensions.field`.
 */
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
