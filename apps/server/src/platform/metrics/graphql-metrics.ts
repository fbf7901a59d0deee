import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Counter, Histogram } from 'prom-client';
import { ErrorCode } from '../../shared/errors.js';

/** How a GraphQL request ended, for `certhub_graphql_requests_total{outcome}`. */
export type Outcome = 'success' | 'user_error' | 'server_error';

/** Which limit refused a client, for `certhub_rate_limit_refusals_total{kind}`. */
export type RateLimitKind = 'api_budget' | 'sign_in' | 'applications';

/** Label values for requests that carry no usable operation name. */
export const ANONYMOUS_OPERATION = 'anonymous';
export const OTHER_OPERATION = 'other';

const OPERATION_NAME = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Turns operation names into label values without letting clients grow the series without bound:
 * any client may send any name, so only well-formed names are kept, and only the first `limit`
 * distinct ones; every later name, and every malformed one, is `other`.
 */
export class OperationLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  labelOf(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (!OPERATION_NAME.test(name)) return OTHER_OPERATION;
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.limit) return OTHER_OPERATION;
    this.seen.add(name);
    return name;
  }
}

/**
 * Codes of throttles that answer 200 with an error: only the plugin sees them. A budget refusal
 * (RATE_LIMITED) answers 429, from the HTTP layer or from the API plugin, and the HTTP middleware
 * counts every 429, so it is left out here lest it be counted twice.
 */
const THROTTLE_CODES: ReadonlyMap<string, RateLimitKind> = new Map([
  [ErrorCode.LOGIN_THROTTLED, 'sign_in'],
  [ErrorCode.SUBMISSIONS_THROTTLED, 'applications'],
]);

export interface GraphQLMetricsSinks {
  requests: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation'>;
  operationLabels: OperationLabels;
  observeQueryCost(cost: number): void;
  observeRateLimitRefusal(kind: RateLimitKind): void;
}

/**
 * Counts every GraphQL request Apollo answers, by operation and outcome, with its latency; the
 * estimated cost the API plugin reports in `extensions.cost.requested`; and throttle refusals.
 * It must come after the API plugin in Apollo's `plugins` (the `plugins` option of createServer
 * does that), so that the cost is already in the answer when this plugin reads it.
 */
export function graphqlMetricsPlugin<TContext extends BaseContext>(sinks: GraphQLMetricsSinks): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(requestContext) {
          const seconds = (performance.now() - started) / 1000;
          const operation = sinks.operationLabels.labelOf(requestContext.operationName ?? requestContext.request.operationName);
          const errors = formattedErrorsOf(requestContext);
          sinks.requests.inc({ operation, outcome: outcomeOf(errors, requestContext.response.http.status) });
          sinks.duration.observe({ operation }, seconds);
          const cost = reportedCostOf(requestContext);
          if (cost !== null) sinks.observeQueryCost(cost);
          for (const kind of throttlesOf(errors)) sinks.observeRateLimitRefusal(kind);
        },
      };
    },
  };
}

/** The errors as the client receives them: after formatError, so an unexpected one says INTERNAL_SERVER_ERROR. */
function formattedErrorsOf(requestContext: GraphQLRequestContextWillSendResponse<BaseContext>): readonly GraphQLFormattedError[] {
  const { body } = requestContext.response;
  return body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
}

export function outcomeOf(errors: readonly GraphQLFormattedError[], httpStatus: number | undefined): Outcome {
  if ((httpStatus ?? 200) >= 500) return 'server_error';
  if (errors.length === 0) return 'success';
  const serverFault = errors.some((error) => {
    const code = error.extensions?.code;
    return typeof code !== 'string' || code === ErrorCode.INTERNAL_SERVER_ERROR;
  });
  return serverFault ? 'server_error' : 'user_error';
}

/** `extensions.cost.requested`, the estimate the API plugin reports with every answer; null when absent. */
function reportedCostOf(requestContext: GraphQLRequestContextWillSendResponse<BaseContext>): number | null {
  const { body } = requestContext.response;
  if (body.kind !== 'single') return null;
  const cost = body.singleResult.extensions?.cost as { requested?: unknown } | undefined;
  return typeof cost?.requested === 'number' && Number.isFinite(cost.requested) ? cost.requested : null;
}

function throttlesOf(errors: readonly GraphQLFormattedError[]): RateLimitKind[] {
  const kinds = errors.map((error) => THROTTLE_CODES.get(String(error.extensions?.code)));
  return kinds.filter((kind) => kind !== undefined);
}
