import { Arg, Field } from 'type-graphql';

/** A field's or argument's GraphQL type, as type-graphql takes it: `() => String`, `() => [ID]`. */
type TypeFunc = Parameters<typeof Arg>[1];

/**
 * The fields of the GraphQL object and input types, one line each: `@NonNull(() => String, '…') name!: string;` for
 * one that always has a value, `@Nullable(() => String, '…') url?: string | null;` for one that may be null (or, in an
 * input, omitted). Each is type-graphql's `@Field` with that description; a field with more options (a default, a
 * deprecation, `simple`) keeps `@Field`.
 */
export function NonNull(type: TypeFunc, description: string): PropertyDecorator {
  return Field(type, { description });
}

export function Nullable(type: TypeFunc, description: string): PropertyDecorator {
  return Field(type, { nullable: true, description });
}

/** The one argument of a mutation that takes an input type: `input`. */
export function InputArg(type: TypeFunc, description: string) {
  return Arg('input', type, { description });
}
