import type { ApiLimits, RateLimitPolicy } from '@certhub/domain/api-limits';

/**
 * What every GraphQL operation must fit, and how much each client may ask for per window: the
 * types are shared with the web apps (`@certhub/domain/api-limits`). The defaults are documented
 * in docs/configuration.md and each can be set from the environment.
 */
export type { ApiLimits, RateLimitPolicy };

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

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = {
  windowSeconds: 60,
  anonymous: 100_000,
  apiKey: 1_000_000,
};

/** GraphQL queries executed at once unless EXECUTION_CONCURRENCY says otherwise (see compiled-execution.ts). */
export const DEFAULT_EXECUTION_CONCURRENCY = 4;
