import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Router } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { logger } from '../../shared/logger.js';
import { boundLabels } from './bound-labels.js';
import {
  DEFAULT_QUEUE_COUNT_CAP,
  NOTIFICATION_QUEUE,
  type PoolReading,
  type QueueReading,
  type QueueTable,
  readPool,
  readQueue,
} from './database-metrics.js';
import { graphqlMetricsPlugin, OperationLabels, type RateLimitKind } from './graphql-metrics.js';
import { type HttpObserver, httpMetricsMiddleware } from './http-metrics.js';
import { type MetricsAccess, metricsRouter } from './metrics-router.js';

export { NOTIFICATION_QUEUE, type QueueTable } from './database-metrics.js';
export type { RateLimitKind } from './graphql-metrics.js';
export { listenForMetrics, type MetricsAccess } from './metrics-router.js';

export interface MetricsOptions {
  /** The database whose pool and queues are reported; null or left out: no database metrics. */
  dataSource?: DataSource | null;
  /** Tables used as queues (see `QueueTable`): the notification outbox by default. */
  queues?: readonly QueueTable[];
  /** prom-client's process metrics: memory, CPU, event loop lag, garbage collection, handles. */
  processMetrics?: boolean;
  /** Distinct operation names given a label of their own; later ones are `other`. */
  maxOperationNames?: number;
  /** Where queue counts stop (see DEFAULT_QUEUE_COUNT_CAP). */
  queueCountCap?: number;
}

/** What `createMetrics` gives: the pieces to wire into the server, and the instruments themselves. */
export interface Metrics {
  registry: Registry;
  /** Counts GraphQL requests, their latency, cost and throttles: in Apollo's plugins, after the API plugin. */
  apolloPlugin: ApolloServerPlugin<BaseContext>;
  /** Counts HTTP requests by route and status, and 429 refusals: first on the app. */
  httpMiddleware: HttpObserver;
  /** `GET /metrics` under the given access rules (see MetricsAccess): before the web apps. */
  router(access: MetricsAccess): Router;
  /** For a throttle that neither answers 429 nor reports its code in a GraphQL error. */
  observeRateLimitRefusal(kind: RateLimitKind): void;
  /** For costs not reported in extensions.cost.requested (the Apollo plugin records those itself). */
  observeQueryCost(cost: number): void;
  /** An answer from the response cache, which Apollo never saw: counted as a successful operation. */
  observeCachedAnswer(answer: { operationName: string | null; cost: number; notModified: boolean; seconds: number }): void;
  collectors: RequestCollectors & { database: DatabaseCollectors | null };
}

/** Latencies from 5 ms to 10 s: a catalogue read takes milliseconds, a slow write or export seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Estimated operation costs up to and past the default MAX_COST of 5,000. */
const COST_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
export const DEFAULT_MAX_OPERATION_NAMES = 200;

/**
 * One server's metrics in a registry of its own (not prom-client's global one), so that tests can
 * build several servers in one process. Wiring: `httpMiddleware` first on the app, `apolloPlugin`
 * in Apollo's plugins after the API plugin, `router(...)` before the web apps.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = requestCollectors(registry);
  const { dataSource } = options;
  const database = dataSource
    ? {
        pool: poolGauges(dataSource, registry),
        queues: queueGauges(dataSource, registry, requests.collectErrors, {
          queues: options.queues ?? [NOTIFICATION_QUEUE],
          countCap: options.queueCountCap ?? DEFAULT_QUEUE_COUNT_CAP,
        }),
      }
    : null;
  const observeRateLimitRefusal = (kind: RateLimitKind) => requests.rateLimitRefusals.inc({ kind });
  const observeQueryCost = (cost: number) => requests.queryCost.observe(cost);
  const operationLabels = new OperationLabels(options.maxOperationNames ?? DEFAULT_MAX_OPERATION_NAMES);
  // Answers from the response cache come thousands a second: their label sets are bound once.
  const cachedRequestsOf = boundLabels((...values) => requests.graphqlRequests.labels(...values));
  const cachedDurationOf = boundLabels((...values) => requests.graphqlDuration.labels(...values));
  const cachedAnswersOf = boundLabels((...values) => requests.cachedAnswers.labels(...values));

  return {
    registry,
    apolloPlugin: graphqlMetricsPlugin({
      requests: requests.graphqlRequests,
      duration: requests.graphqlDuration,
      operationLabels,
      observeQueryCost,
      observeRateLimitRefusal,
    }),
    httpMiddleware: httpMetricsMiddleware({
      requests: requests.httpRequests,
      duration: requests.httpDuration,
      observeRateLimitRefusal,
    }),
    router: (access) => metricsRouter(registry, access),
    observeRateLimitRefusal,
    observeQueryCost,
    observeCachedAnswer({ operationName, cost, notModified, seconds }) {
      const operation = operationLabels.labelOf(operationName);
      cachedRequestsOf(operation, 'success').inc();
      cachedDurationOf(operation).observe(seconds);
      observeQueryCost(cost);
      cachedAnswersOf(notModified ? 'not_modified' : 'answer').inc();
    },
    collectors: { ...requests, database },
  };
}

type RequestCollectors = ReturnType<typeof requestCollectors>;

/** The instruments fed as requests are answered: one row each, name, help, labels (and buckets). */
function requestCollectors(registry: Registry) {
  const registers = [registry];
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[] = []) =>
    new Counter<Label>({ name, help, labelNames, registers });
  const histogram = <Label extends string>(name: string, help: string, buckets: number[], labelNames: readonly Label[] = []) =>
    new Histogram<Label>({ name, help, labelNames, buckets, registers });
  return {
    graphqlRequests: counter(
      'certhub_graphql_requests_total',
      'GraphQL requests answered, by operation name and outcome (success, user_error, server_error).',
      ['operation', 'outcome'],
    ),
    graphqlDuration: histogram(
      'certhub_graphql_request_duration_seconds',
      'Time from the start of a GraphQL request in Apollo to its answer, by operation name.',
      LATENCY_BUCKETS,
      ['operation'],
    ),
    cachedAnswers: counter(
      'certhub_response_cache_answers_total',
      'GraphQL requests answered from the response cache, with the answer or with 304 Not Modified.',
      ['kind'],
    ),
    httpRequests: counter(
      'certhub_http_requests_total',
      'HTTP requests answered, by part of the product (route) and status; aborted: the client left first.',
      ['route', 'status'],
    ),
    httpDuration: histogram(
      'certhub_http_request_duration_seconds',
      'Time from the arrival of an HTTP request to the end of its answer, by route.',
      LATENCY_BUCKETS,
      ['route'],
    ),
    queryCost: histogram(
      'certhub_graphql_query_cost',
      'Estimated cost of each GraphQL operation, as reported in extensions.cost.requested.',
      COST_BUCKETS,
    ),
    rateLimitRefusals: counter(
      'certhub_rate_limit_refusals_total',
      'Requests refused by a limit: api_budget (HTTP 429), sign_in (LOGIN_THROTTLED), applications (SUBMISSIONS_THROTTLED).',
      ['kind'],
    ),
    // Counted while the scrape is collected, so a failure shows from the next scrape on.
    collectErrors: counter(
      'certhub_metrics_collect_errors_total',
      'Scrapes in which a collector failed (its figures were left out of that scrape), by collector.',
      ['collector'],
    ),
  };
}

type DatabaseCollectors = { pool: ReturnType<typeof poolGauges>; queues: ReturnType<typeof queueGauges> };

/** Gauges read from the pool when scraped: nothing is kept between scrapes. */
function poolGauges(dataSource: DataSource, registry: Registry) {
  const gauge = (name: string, help: string, read: (pool: PoolReading) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(readPool(dataSource)));
      },
    });
  return {
    open: gauge('certhub_db_pool_open_connections', 'Database connections open, busy or idle.', (pool) => pool.open),
    idle: gauge('certhub_db_pool_idle_connections', 'Database connections open and idle.', (pool) => pool.idle),
    waiting: gauge('certhub_db_pool_waiting_queries', 'Queries waiting for a free database connection.', (pool) => pool.waiting),
    max: gauge(
      'certhub_db_pool_max_connections',
      'The most connections the pool may open (0: the database is closed).',
      (pool) => pool.max,
    ),
  };
}

/**
 * Gauges of the queue tables, all three filled from one reading per scrape (a scrape collects
 * every metric at once, so the first gauge's collect starts the reading and the others join it).
 * The figures come from the shared database, so every server process reports the same ones.
 */
function queueGauges(
  dataSource: DataSource,
  registry: Registry,
  collectErrors: Counter<'collector'>,
  { queues, countCap }: { queues: readonly QueueTable[]; countCap: number },
) {
  const readAll = sharedWhileRunning(async (): Promise<Map<string, QueueReading> | null> => {
    try {
      const readings = new Map<string, QueueReading>();
      for (const queue of queues) readings.set(queue.name, await readQueue(dataSource, queue, { countCap }));
      return readings;
    } catch (error) {
      collectErrors.inc({ collector: 'queues' });
      logger.error({ err: error }, 'The queue metrics could not be read.');
      return null;
    }
  });
  const gauge = (name: string, help: string, read: (reading: QueueReading) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        const readings = await readAll();
        this.reset();
        for (const [queue, reading] of readings ?? []) this.set({ queue }, read(reading));
      },
    });
  return {
    pending: gauge(
      'certhub_queue_pending_items',
      `Rows waiting in each queue table, due or not (counted up to ${countCap}). The same from every server process.`,
      (reading) => reading.pending,
    ),
    oldestDueAge: gauge(
      'certhub_queue_oldest_due_age_seconds',
      'Seconds since the oldest pending row that no worker is sending fell due (0: none is due): how far behind the worker is.',
      (reading) => reading.oldestDueAgeSeconds,
    ),
    failed: gauge(
      'certhub_queue_failed_items',
      `Rows given up after their last attempt, in each queue table (counted up to ${countCap}).`,
      (reading) => reading.failed,
    ),
  };
}

/** Calls made while a call is running get that call's promise rather than starting another. */
function sharedWhileRunning<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    running ??= read().finally(() => {
      running = null;
    });
    return running;
  };
}
