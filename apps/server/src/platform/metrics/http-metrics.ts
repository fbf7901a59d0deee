import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Counter, Histogram } from 'prom-client';
import { boundLabels } from './bound-labels.js';
import type { RateLimitKind } from './graphql-metrics.js';

/** The few route labels of `certhub_http_requests_total`: one per part of the product, never a raw path. */
export type RouteLabel = '/graphql' | '/export' | '/feeds' | '/healthz' | '/metrics' | 'web_app' | 'other';

/** Paths that belong to the server itself rather than to a web app's pages. */
const SERVER_PATHS: ReadonlyArray<[prefix: string, label: RouteLabel]> = [
  ['/graphql', '/graphql'],
  ['/export', '/export'],
  ['/feeds', '/feeds'],
  ['/healthz', '/healthz'],
  ['/metrics', '/metrics'],
  ['/api', 'other'],
  ['/schema.graphql', 'other'],
];

export function routeLabelOf(method: string, path: string): RouteLabel {
  for (const [prefix, label] of SERVER_PATHS) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return label;
  }
  // The web apps answer every other GET (their pages and assets); anything else is nobody's.
  return method === 'GET' || method === 'HEAD' ? 'web_app' : 'other';
}

/** Called with every request; as Express middleware too (it then calls `next`). */
export type HttpObserver = (request: IncomingMessage, response: ServerResponse, next?: () => void) => void;

export interface HttpMetricsSinks {
  requests: Counter<'route' | 'status'>;
  duration: Histogram<'route'>;
  observeRateLimitRefusal(kind: RateLimitKind): void;
}

/**
 * Counts every HTTP request once its response is done, by route and status, with its latency.
 * Call it first for every request, before the response cache and Express, so that it sees
 * everything. A 429 is a budget refusal, whichever layer made it (the GraphQL endpoint before Apollo, or the API plugin).
 * A response the client gave up on before it was sent is counted with the status `aborted`.
 */
export function httpMetricsMiddleware(sinks: HttpMetricsSinks): HttpObserver {
  // In the order of the metrics' label names: route, status.
  const requestsOf = boundLabels((...values) => sinks.requests.labels(...values));
  const durationOf = boundLabels((...values) => sinks.duration.labels(...values));
  return (request, response, next) => {
    const started = performance.now();
    const path = pathOf(request.url ?? '/');
    response.once('close', () => {
      const route = routeLabelOf(request.method ?? 'GET', path);
      const status = response.writableFinished ? String(response.statusCode) : 'aborted';
      requestsOf(route, status).inc();
      durationOf(route).observe((performance.now() - started) / 1000);
      if (response.statusCode === 429) sinks.observeRateLimitRefusal('api_budget');
    });
    next?.();
  };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
