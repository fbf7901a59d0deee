import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors.js';

/** Codes whose messages are meant for the caller; anything else is our fault and is not detailed. */
const CALLER_FACING_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function formatApiError(
  formatted: GraphQLFormattedError,
  error: unknown,
  { developing }: { developing: boolean },
): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  if (CALLER_FACING_CODES.has(code)) {
    // A caller's mistake never carries a stack trace, not even in development.
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error('Unexpected error while answering a GraphQL request:', error);
  if (developing) return formatted;
  return {
    message: 'Internal server error: the request could not be completed. It has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
