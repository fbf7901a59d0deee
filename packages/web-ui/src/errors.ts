import { CombinedGraphQLErrors } from '@apollo/client';

export interface FieldError {
  message: string;
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
