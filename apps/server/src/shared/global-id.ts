import { notFound } from './errors.js';

/**
 * Global object ids for the `node(id:)` query: base64 of "Type:databaseId". Opaque to clients;
 * stable as long as a row keeps its database id.
 */
export type NodeTypeName =
  | 'Category'
  | 'Program'
  | 'Lab'
  | 'Spec'
  | 'User'
  | 'Application'
  | 'ApiKey'
  | 'WebhookEndpoint'
  | 'WebhookDelivery'
  | 'Vendor'
  | 'CertifiedProduct'
  | 'ScheduledChange';
const NODE_TYPES: readonly NodeTypeName[] = [
  'Category',
  'Program',
  'Lab',
  'Spec',
  'User',
  'Application',
  'ApiKey',
  'WebhookEndpoint',
  'WebhookDelivery',
  'Vendor',
  'CertifiedProduct',
  'ScheduledChange',
];

export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function parseGlobalId(globalId: string): { type: NodeTypeName; id: number } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const type = decoded.slice(0, separator) as NodeTypeName;
  const id = Number(decoded.slice(separator + 1));
  if (separator < 0 || !NODE_TYPES.includes(type) || !Number.isSafeInteger(id) || id <= 0) return null;
  return { type, id };
}

/** Parses a global id that must name an object of `type`; anything else is NOT_FOUND. */
export function expectGlobalId(globalId: string, type: NodeTypeName, field: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw notFound(`No ${type} has the id "${globalId}".`, field);
  return parsed.id;
}

/** The global id in a mutation input's `field`, parsed: NOT_FOUND on `input.<field>` unless it names a `type`. */
export function expectInputId<F extends string>(input: Record<F, string>, field: F, type: NodeTypeName): number {
  return expectGlobalId(input[field], type, `input.${field}`);
}

/** The input with the global id in its `field` parsed to a database id (as `expectInputId`). */
export function withInputId<I extends Record<F, string>, F extends string>(
  input: I,
  field: F,
  type: NodeTypeName,
): Omit<I, F> & Record<F, number> {
  return { ...input, [field]: expectInputId(input, field, type) } as Omit<I, F> & Record<F, number>;
}
