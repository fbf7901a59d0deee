import { checkFields, type FieldSchema, type FieldsOf } from '@certhub/domain/catalog-edit';
import { badUserInput } from './errors.js';

/** Checks an input object with one of the domain's schemas; the first problem is BAD_USER_INPUT naming its field. */
export function validInput<S extends FieldSchema>(schema: S, input: unknown, path = 'input'): FieldsOf<S> {
  const result = checkFields(schema, input);
  if (!result.ok) throw badUserInput(result.message, [path, result.field].filter(Boolean).join('.'));
  return result.value;
}
