import { registerEnumType } from 'type-graphql';

/**
 * A server-side enumeration published in the schema, declared once: each value with its
 * description. Answers the enumeration object (`{ KEY: 'KEY' }`), as `as const` objects are.
 * Enumerations shared with the web apps live in @certhub/domain and are registered directly.
 */
export function graphqlEnum<const Key extends string>(
  name: string,
  description: string,
  values: Record<Key, string>,
): { readonly [K in Key]: K } {
  const keys = Object.keys(values) as Key[];
  const enumeration = Object.fromEntries(keys.map((key) => [key, key])) as { readonly [K in Key]: K };
  const valuesConfig = Object.fromEntries(keys.map((key) => [key, { description: values[key] }])) as Record<
    Key,
    { description: string }
  >;
  registerEnumType(enumeration, { name, description, valuesConfig });
  return enumeration;
}
