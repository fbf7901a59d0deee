/**
 * What every GraphQL operation must fit, and how much each client may ask for per window. The
 * defaults are documented in the README ("API limits") and each can be set from the environment.
 */
export interface ApiLimits {
  /** Fields nested in one another (introspection, `__schema` and `__type`, is bounded by graphql-js itself). */
  maxDepth: number;
  /** Aliased fields in the operation, fragments included. */
  maxAliases: number;
  /** Directives used in the document. */
  maxDirectives: number;
  /** Lexical tokens of the document: a huge document is refused before it is parsed whole. */
  maxTokens: number;
  /** Estimated cost of one operation (see `query-cost.ts`). */
  maxCost: number;
  /** Bytes of a request body. */
  maxBodyBytes: number;
  /** Objects and lists nested in one another in `variables` or `extensions`: checked before anything recursive reads them. */
  maxVariablesDepth: number;
  /** The size assumed for a list without a `first` argument, for the cost estimate. */
  listEstimate: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxCost: 10_000,
  maxBodyBytes: 100 * 1024,
  maxVariablesDepth: 32,
  listEstimate: 10,
};

/** Budgets in cost points: each operation spends its estimated cost (at least 1) of its client's budget. */
export interface RateLimitPolicy {
  windowSeconds: number;
  /** Points per window for a client without a key, counted per address. */
  anonymous: number;
  /** Points per window for an API key created without a quota of its own. */
  apiKey: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = {
  windowSeconds: 60,
  anonymous: 100_000,
  apiKey: 1_000_000,
};
