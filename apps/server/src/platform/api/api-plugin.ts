import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../../context.js';
import { apiError, ErrorCode } from '../../shared/errors.js';
import type { ApiLimits } from './api-policy.js';
import type { CostEstimator } from './query-cost.js';
import { BudgetExceeded, type BudgetState, budgetExtension, budgetHeaders, type RequestBudgets } from './request-budgets.js';
import type { RequestUsage } from './request-log.js';

/** What the HTTP layer learnt of a request before Apollo: the client's budget, and the log's record. */
export interface ApiRequestState {
  budget: BudgetState | null;
  usage: RequestUsage;
}

/** Kept on the context itself: Apollo runs each operation with a shallow copy of it. */
const API_STATE = Symbol('api-request-state');
type WithApiState = Context & { [API_STATE]?: ApiRequestState };

export function setApiRequestState(context: Context, state: ApiRequestState): void {
  (context as WithApiState)[API_STATE] = state;
}

/**
 * The limits that need the operation resolved against the schema: its estimated cost (TOO_COMPLEX
 * over `maxCost`), the client's budget (the cost spent from it; RATE_LIMITED with 429 when it has
 * not enough left), and read-only access for API keys. Every answer then reports the cost and the
 * budget left in `extensions` (but for GET, whose answers caches share), and the budget in `RateLimit-*` headers. Depth, aliases and
 * directives are a validation rule (`operation-limits.ts`); tokens are bounded by the parser.
 */
export function apiPlugin({
  limits,
  estimator,
  budgets,
}: {
  limits: ApiLimits;
  estimator: CostEstimator;
  budgets: RequestBudgets;
}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      // Operations run without the HTTP layer (tests' executeOperation) get a state of their own.
      const state = (contextValue as WithApiState)[API_STATE] ?? {
        budget: null,
        usage: { operationName: null, cost: null, client: null },
      };
      return {
        async didResolveOperation({ document, operationName, request, queryHash, operation, contextValue: context }) {
          state.usage.operationName = operationName;
          let cost: number;
          try {
            cost = estimator.cachedCostOf(queryHash, document, operationName, request.variables);
          } catch (error) {
            // Variables that do not fit the operation: what Apollo answers for them, a bad request.
            if (!(error instanceof GraphQLError)) throw error;
            const { code = ErrorCode.BAD_USER_INPUT, ...details } = error.extensions as { code?: ErrorCode };
            throw apiError(code, error.message, { ...details, http: { status: 400, headers: new HeaderMap() } });
          }
          state.usage.cost = cost;
          if (cost > limits.maxCost) {
            throw apiError(
              ErrorCode.TOO_COMPLEX,
              `The operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages (first) or fewer nested lists.`,
              { limit: limits.maxCost, cost, http: { status: 400, headers: new HeaderMap() } },
            );
          }
          if (context.client.kind === 'api-key' && operation?.operation !== 'query') {
            throw apiError(ErrorCode.FORBIDDEN, 'API keys give read access only: send queries.', {
              http: { status: 403, headers: new HeaderMap() },
            });
          }
          // The first point was spent by the HTTP layer.
          if (cost > 1) {
            try {
              state.budget = (await budgets.spend(context.client, cost - 1)) ?? state.budget;
            } catch (exceeded) {
              if (!(exceeded instanceof BudgetExceeded)) throw exceeded;
              state.budget = exceeded.state;
              const retryAfterSeconds = Math.max(1, Math.ceil((exceeded.state.resetAt - Date.now()) / 1000));
              throw apiError(
                ErrorCode.RATE_LIMITED,
                `Rate limit exceeded: this operation costs ${cost} points and ${exceeded.state.remaining} of ${exceeded.state.limit} are left until ${new Date(exceeded.state.resetAt).toISOString()}. Try again in ${retryAfterSeconds} s.`,
                {
                  limit: exceeded.state.limit,
                  remaining: exceeded.state.remaining,
                  requested: cost,
                  retryAfterSeconds,
                  resetAt: new Date(exceeded.state.resetAt).toISOString(),
                  http: { status: 429, headers: new HeaderMap(budgetHeaders(exceeded.state, true)) },
                },
              );
            }
          }
        },
        async willSendResponse({ request, response }) {
          if (state.budget) for (const [name, value] of budgetHeaders(state.budget)) response.http.headers.set(name, value);
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // A GET answer may be kept by HTTP caches and shared: the caller's budget is in its headers only.
          const budget = request.http?.method === 'GET' ? {} : { budget: budgetExtension(state.budget) };
          response.body.singleResult = {
            ...result,
            extensions: { ...result.extensions, cost: { requested: state.usage.cost, limit: limits.maxCost }, ...budget },
          };
        },
      };
    },
  };
}
