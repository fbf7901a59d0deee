import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../shared/errors.js';
import { logger } from '../../shared/logger.js';

/** Refusals found while parsing or validating, which Apollo reports under its own codes. */
const LIMIT_CODES = new Set<string>([ErrorCode.QUERY_TOO_DEEP, ErrorCode.TOO_MANY_ALIASES, ErrorCode.TOO_MANY_DIRECTIVES]);
// graphql-js 16 writes "more that".
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens\. Parsing aborted\.$/;

/** A limit refusal under its own code, with the limit, rather than as a validation or syntax error. */
function limitRefusal(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (!(original instanceof GraphQLError)) return null;
  const code = original.extensions?.code;
  if (typeof code === 'string' && LIMIT_CODES.has(code)) return { ...formatted, extensions: { ...original.extensions } };
  const tokens = TOKEN_LIMIT.exec(original.message);
  if (tokens) {
    return {
      message: `The document has more than ${tokens[1]} tokens, the most allowed.`,
      extensions: { code: ErrorCode.TOO_MANY_TOKENS, limit: Number(tokens[1]) },
    };
  }
  return null;
}

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
  const refusal = limitRefusal(formatted, error);
  if (refusal) return refusal;
  // Apollo's automatic persisted queries refuse a wrong hash without a code.
  if (formatted.message === 'provided sha does not match query') {
    return {
      message: 'The persisted query hash does not match the query sent with it: send the SHA-256 of the query text, in hex.',
      extensions: { code: ErrorCode.BAD_REQUEST },
    };
  }
  const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  if (CALLER_FACING_CODES.has(code)) {
    // A caller's mistake never carries a stack trace, not even in development.
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  logger.error({ err: error }, 'Unexpected error while answering a GraphQL request.');
  if (developing) return formatted;
  return {
    message: 'Internal server error: the request could not be completed. It has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
