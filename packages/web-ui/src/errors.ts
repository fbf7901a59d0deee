import { CombinedGraphQLErrors } from '@apollo/client';
import type { ErrorCode } from '@certhub/domain/error-codes';

export interface FieldError {
  message: string;
  /** One of `ErrorCode` (@certhub/domain/error-codes), or a code of GraphQL itself (a malformed query). */
  code: string | null;
  field: string | null;
  extensions: Record<string, unknown>;
}

/** The API's errors with their stable code and the field at fault; network trouble as one error. */
export function errorsOf(error: unknown): FieldError[] {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map(({ message, extensions = {} }) => ({
      message,
      code: typeof extensions.code === 'string' ? extensions.code : null,
      field: typeof extensions.field === 'string' ? extensions.field : null,
      extensions,
    }));
  }
  return [
    { message: 'The server could not be reached. Check your connection and try again.', code: null, field: null, extensions: {} },
  ];
}

/** The first of the API's errors with `code` (an `ErrorCode` of @certhub/domain/error-codes), if any. */
export function problemWithCode(error: unknown, code: ErrorCode): FieldError | undefined {
  return errorsOf(error).find((problem) => problem.code === code);
}
