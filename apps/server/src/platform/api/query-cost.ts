import {
  type DocumentNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isIntrospectionType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { ErrorCode } from '../../shared/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/pagination.js';
import { DEFAULT_API_LIMITS } from './api-policy.js';

/**
 * How an operation's cost is estimated, before it runs:
 * - a field returning a scalar or an enum costs 0; `__typename` and introspection cost 0;
 * - a field returning an object costs 1 plus what is selected inside it;
 * - a field returning a list of objects costs, for each object it is expected to hold, 1 plus what
 *   is selected inside it; a list without a `first` argument is expected to hold a fixed estimate;
 * - a paginated field (with `first`: a connection, a page of changes) costs 1 plus its selection
 *   times the page size (`first`; the default page when left out, the largest page at most); the
 *   page's list (a connection's `edges`) then counts once per item, as objects.
 * The same rules give the table of costs that `/api` publishes (`costTable`).
 */
export type CostMultiplier =
  | { kind: 'none' }
  | { kind: 'first'; default: number; max: number; list: boolean }
  | { kind: 'connection' }
  | { kind: 'estimate'; size: number };

export interface FieldCost {
  type: string;
  field: string;
  /** What the field itself costs, before its selection. */
  cost: number;
  multiplier: CostMultiplier;
}

const isListOf = (type: GraphQLOutputType): boolean => (isNonNullType(type) ? isListOf(type.ofType) : isListType(type));

/** A field's own page size, declared with `@Extensions({ pageSize: { default, max } })`; else the connections'. */
function pageSizeOf(field: GraphQLField<unknown, unknown>): { default: number; max: number } {
  const declared = field.extensions?.pageSize as { default?: number; max?: number } | undefined;
  return { default: declared?.default ?? DEFAULT_PAGE_SIZE, max: declared?.max ?? MAX_PAGE_SIZE };
}

function fieldCost(
  parent: GraphQLNamedType,
  field: GraphQLField<unknown, unknown>,
  listEstimate: number,
  pageTypes: ReadonlySet<string>,
): FieldCost {
  const named = getNamedType(field.type);
  const base = { type: parent.name, field: field.name };
  if (isLeafType(named) || field.name.startsWith('__') || isIntrospectionType(parent)) {
    return { ...base, cost: 0, multiplier: { kind: 'none' } };
  }
  if (field.args.some((arg) => arg.name === 'first')) {
    return { ...base, cost: 1, multiplier: { kind: 'first', ...pageSizeOf(field), list: isListOf(field.type) } };
  }
  if (isListOf(field.type)) {
    // The items of a page (a connection's edges): as many as the page's `first`, counted there.
    if (pageTypes.has(parent.name)) return { ...base, cost: 1, multiplier: { kind: 'connection' } };
    return { ...base, cost: 1, multiplier: { kind: 'estimate', size: listEstimate } };
  }
  return { ...base, cost: 1, multiplier: { kind: 'none' } };
}

/** Every field of every object and interface type of the schema with its cost and multiplier. */
export function costTable(schema: GraphQLSchema, listEstimate: number): FieldCost[] {
  const types = Object.values(schema.getTypeMap()).filter(
    (type) => (isObjectType(type) || isInterfaceType(type)) && !isIntrospectionType(type),
  ) as Array<GraphQLObjectType | GraphQLInterfaceType>;
  // Types a `first` field returns (connections, pages) when it is not itself a list.
  const pageTypes = new Set<string>();
  for (const type of types) {
    for (const field of Object.values(type.getFields())) {
      if (field.args.some((arg) => arg.name === 'first') && !isListOf(field.type)) pageTypes.add(getNamedType(field.type).name);
    }
  }
  const table: FieldCost[] = [];
  for (const type of types) {
    for (const field of Object.values(type.getFields())) table.push(fieldCost(type, field, listEstimate, pageTypes));
  }
  return table;
}

function sizeOf(multiplier: CostMultiplier, args: Record<string, unknown>): number {
  switch (multiplier.kind) {
    case 'none':
    case 'connection':
      return 1;
    case 'estimate':
      return multiplier.size;
    case 'first': {
      const first = args.first;
      if (typeof first !== 'number' || !Number.isFinite(first)) return multiplier.default;
      return Math.min(Math.max(0, first), multiplier.max);
    }
  }
}

export interface CostEstimator {
  /** The estimated cost of the operation `operationName` of `document` with these variables. */
  costOf(document: DocumentNode, operationName: string | null, variables: Record<string, unknown> | undefined): number;
  /** The same, remembered by a key naming the document (its hash): repeated operations cost a map lookup. */
  cachedCostOf(
    documentKey: string,
    document: DocumentNode,
    operationName: string | null,
    variables: Record<string, unknown> | undefined,
  ): number;
}

/** Whether `value` nests objects and arrays more than `maxDepth` deep; a loop, not recursion, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) return true;
    for (const inner of Object.values(item.value)) pending.push({ value: inner, depth });
  }
  return false;
}

export function costEstimator(
  schema: GraphQLSchema,
  listEstimate: number,
  { cacheEntries = 1000, maxVariablesDepth = DEFAULT_API_LIMITS.maxVariablesDepth } = {},
): CostEstimator {
  const costs = new Map<string, FieldCost>();
  for (const entry of costTable(schema, listEstimate)) costs.set(`${entry.type}.${entry.field}`, entry);
  const remembered = new Map<string, number>();

  // The HTTP layer refuses such variables before they get here; operations run another way
  // (executeOperation) must not overflow the stack in the estimate or in JSON.stringify.
  const checkDepth = (variables: Record<string, unknown> | undefined) => {
    if (nestsDeeperThan(variables, maxVariablesDepth)) {
      throw new GraphQLError(`The variables nest objects and lists more than ${maxVariablesDepth} deep, the most allowed.`, {
        extensions: { code: ErrorCode.VARIABLES_TOO_DEEP, limit: maxVariablesDepth },
      });
    }
  };
  const estimate: CostEstimator['costOf'] = (document, operationName, variables) =>
    getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [
        ({ type, field, args, childComplexity }) => {
          const entry = costs.get(`${type.name}.${field.name}`);
          if (!entry || entry.cost === 0) return 0;
          const { multiplier } = entry;
          if (multiplier.kind === 'estimate' || (multiplier.kind === 'first' && multiplier.list)) {
            return sizeOf(multiplier, args) * (entry.cost + childComplexity);
          }
          return entry.cost + sizeOf(multiplier, args) * childComplexity;
        },
      ],
    });
  const costOf: CostEstimator['costOf'] = (document, operationName, variables) => {
    checkDepth(variables);
    return estimate(document, operationName, variables);
  };

  return {
    costOf,
    cachedCostOf(documentKey, document, operationName, variables) {
      checkDepth(variables);
      const key = `${documentKey}\u0000${operationName ?? ''}\u0000${variables ? JSON.stringify(variables) : ''}`;
      const known = remembered.get(key);
      if (known !== undefined) return known;
      const cost = estimate(document, operationName, variables);
      if (remembered.size >= cacheEntries) remembered.delete(remembered.keys().next().value as string);
      remembered.set(key, cost);
      return cost;
    },
  };
}

/** A multiplier as the `/api` page shows it. */
export function describeMultiplier(multiplier: CostMultiplier): string {
  switch (multiplier.kind) {
    case 'none':
      return '';
    case 'first':
      return multiplier.list
        ? `(1 + selection) × first (${multiplier.default} when left out, ${multiplier.max} at most)`
        : `1 + selection × first (${multiplier.default} when left out, ${multiplier.max} at most)`;
    case 'connection':
      return "1 + selection, once per item of the page (the page's first)";
    case 'estimate':
      return `(1 + selection) × ${multiplier.size} (estimated list size)`;
  }
}
