/**
 * What every GraphQL operation must fit, and how much each client may ask for per window: the
 * answer of `GET /api/costs.json`, which the catalogue's `/api` page shows. Plain types, so the
 * server that serves them and the pages that read them can share one description.
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
  /** Estimated cost of one operation. */
  maxCost: number;
  /** Bytes of a request body. */
  maxBodyBytes: number;
  /** Objects and lists nested in one another in `variables` or `extensions`. */
  maxVariablesDepth: number;
  /** The size assumed for a list without a `first` argument, for the cost estimate. */
  listEstimate: number;
}

/** Budgets in cost points: each operation spends its estimated cost (at least 1) of its client's budget. */
export interface RateLimitPolicy {
  windowSeconds: number;
  /** Points per window for a client without a key, counted per address. */
  anonymous: number;
  /** Points per window for an API key created without a quota of its own. */
  apiKey: number;
}

/** One field's cost: `multiplier` says what multiplies it (a list's `first`), in words. */
export interface FieldCost {
  type: string;
  field: string;
  cost: number;
  multiplier: string | null;
}

/** What `GET /api/costs.json` answers: the limits, the budgets (none where rate limiting is off) and every field's cost. */
export interface ApiCosts {
  limits: ApiLimits;
  rateLimit: RateLimitPolicy | null;
  fields: FieldCost[];
}
