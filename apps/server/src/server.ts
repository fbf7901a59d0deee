import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express } from 'express';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import type { LogLevel } from './config.js';
import { type Context, createServices, type ServiceOptions, type Services } from './context.js';
import { currentStatementTally } from './db/sql-statement-counter.js';
import { catalogExportRouter } from './modules/export/catalog-export.js';
import { directoryExportRouter } from './modules/export/directory-export.js';
import { type DirectorySigningKey, generateDirectorySigningKey } from './modules/export/directory-signing-key.js';
import { listingFeedRouter } from './modules/feed/listing-feed.js';
import { statusFeedRouter } from './modules/feed/status-feed.js';
import { ScheduledChangeRunner } from './modules/scheduled-change/scheduled-change.runner.js';
import { WebhookDeliveryEntity } from './modules/webhook/webhook.entities.js';
import { apiPlugin } from './platform/api/api-plugin.js';
import {
  type ApiLimits,
  DEFAULT_API_LIMITS,
  DEFAULT_EXECUTION_CONCURRENCY,
  type RateLimitPolicy,
} from './platform/api/api-policy.js';
import { clientAddress, proxyTrust, type TrustProxy } from './platform/api/client-address.js';
import { answerClientErrors } from './platform/api/client-errors.js';
import { compiledExecution } from './platform/api/compiled-execution.js';
import { compressAnswers } from './platform/api/compression.js';
import type { CorsPolicy } from './platform/api/cors.js';
import { explorerRouter } from './platform/api/explorer.js';
import { formatApiError } from './platform/api/format-error.js';
import { graphqlEndpoint } from './platform/api/graphql-endpoint.js';
import { nulFreeStringsRule, operationLimitsRule } from './platform/api/operation-limits.js';
import {
  DEFAULT_PERSISTED_QUERY_LIMITS,
  memoryPersistedQueries,
  type PersistedQueryLimits,
  redisPersistedQueries,
} from './platform/api/persisted-queries.js';
import { costEstimator, costTable, describeMultiplier } from './platform/api/query-cost.js';
import { RequestBudgets } from './platform/api/request-budgets.js';
import { createRequestLogger, LOG_FLUSH_MS, requestIdAndLog } from './platform/api/request-log.js';
import { DEFAULT_HTTP_CACHE_POLICY, type HttpCachePolicy, ResponseCache } from './platform/api/response-cache.js';
import { setSecurityHeaders } from './platform/api/security-headers.js';
import { listenForCatalogRevisions } from './platform/catalog-revision/revision-listener.js';
import { shareChangeSignal } from './platform/change-signal.js';
import { createCounterStore, type RedisSettings } from './platform/counters.js';
import { createMetrics, type Metrics, NOTIFICATION_QUEUE, type QueueTable } from './platform/metrics/metrics.js';
import { loadPageRenderer, readPageTemplate } from './platform/pages/page-renderer.js';
import { isKeptPageUrl, publicPagesRouter } from './platform/pages/public-pages.js';
import {
  DEFAULT_SOCKET_POLICY,
  type SocketPolicy,
  type SubscriptionServer,
  serveSubscriptions,
} from './platform/subscription/websocket.js';
import { ADMIN_DIST, CATALOG_DIST, EXPLORER_DIST, SCHEMA_FILE, serverEntryOf, webAppRouter } from './platform/web-app.js';
import { buildCertHubSchema } from './schema/build-schema.js';

export interface ServerOptions {
  dataSource: DataSource;
  /** The signed directory's key (loadDirectorySigningKey); a key for this process only when left out (tests). */
  directorySigningKey?: DirectorySigningKey;
  /** Bearer token for GET /metrics (METRICS_TOKEN). */
  metricsToken?: string | null;
  services?: ServiceOptions;
  /** Which proxies may name the client in X-Forwarded-For (TRUST_PROXY): none, a hop count, or their addresses. */
  trustProxy?: TrustProxy;
  /**
   * The public site's build, served at `/`; null serves none. Defaults to apps/catalog/dist when built.
   * With its server bundle beside it (`dist-server/entry-server.js`), its pages are rendered here.
   */
  catalogDist?: string | null;
  /** The site's public address (PUBLIC_URL): canonical links, structured data and the sitemap of the rendered pages. */
  publicUrl?: string;
  /** The admin console's build, served at `/admin`; null serves none. Defaults to apps/admin/dist when built. */
  adminDist?: string | null;
  /** Anonymous query answers kept in memory, checked against the catalogue revision; 0 turns the cache off. */
  responseCacheEntries?: number;
  /** Bytes those answers may take (RESPONSE_CACHE_MAX_MB); an answer over an eighth of it is not kept. */
  responseCacheMaxBytes?: number;
  /** `Cache-Control` of public GET answers (CACHE_MAX_AGE_SECONDS, CACHE_STALE_WHILE_REVALIDATE_SECONDS). */
  httpCache?: HttpCachePolicy;
  nodeEnv?: string;
  plugins?: ApolloServerPlugin<Context>[];
  /** With it, a request sent with `X-Count-SQL: true` is answered with `X-SQL-Statements`: tests, benchmarks. */
  exposeStatementCount?: boolean;
  /** What every operation must fit; the documented defaults when left out. */
  apiLimits?: Partial<ApiLimits>;
  /** Budgets per client and window; null or left out: no rate limit. */
  rateLimit?: RateLimitPolicy | null;
  /** Automatic persisted queries kept at most, and the largest query text kept (PERSISTED_QUERIES_MAX, PERSISTED_QUERY_MAX_BYTES). */
  persistedQueries?: PersistedQueryLimits;
  /** Rate-limit and sign-in counters in Redis (shared by instances); null or left out: in memory. */
  redis?: RedisSettings | null;
  /** Origins besides the server's own whose pages may call the API with the staff cookie. */
  corsOrigins?: string[];
  /** Request log level; `silent` by default in tests, `info` otherwise. */
  logLevel?: LogLevel;
  /** Where request log lines go (standard output by default): tests read them. */
  logDestination?: DestinationStream;
  /** The explorer's build, served at `GET /graphql` to browsers; null serves none. Defaults to apps/explorer/dist when built. */
  explorerDist?: string | null;
  /** Caps of subscription connections (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION, WS_MAX_CONNECTIONS_PER_CLIENT); the defaults when left out. */
  sockets?: Partial<SocketPolicy>;
  /**
   * PostgreSQL: the catalogue revision is pushed to a dedicated connection by LISTEN/NOTIFY, so cached
   * reads skip the database while this instance's lease holds; writers answer once every instance with a
   * lease has seen their revision (revision-listener.ts). main.ts passes CATALOG_REVISION_LISTEN, on by
   * default; left out here, off (tests count the revision read of cached answers).
   */
  catalogRevisionListen?: boolean;
  /** Queries executed at once; the others wait their turn (EXECUTION_CONCURRENCY). */
  executionConcurrency?: number;
}

/** The whole product as an Express app, without listening: tests and `main.ts` both use it. */
export interface CertHubServer {
  /** Every request of the product: `http.createServer(server.handle)`. */
  handle: (request: IncomingMessage, response: ServerResponse) => void;
  /** Everything but the response cache in front of it (and the request id, log and metrics, which `handle` adds). */
  app: Express;
  /** This server's Prometheus metrics, in a registry of its own. */
  metrics: Metrics;
  /** From now on /readyz answers 503, so load balancers stop sending traffic. */
  beginShutdown(): void;
  /** Adds graphql-ws subscriptions on /graphql to the HTTP server the app listens with. */
  serveSubscriptions(httpServer: Server): void;
  /** Tells subscription connections to reconnect (1012) and cuts those still open at `deadline` (ms since the epoch). */
  closeSubscriptions(deadline: number): Promise<void>;
  services: Services;
  /** This instance's timer of scheduled changes (started with the server; stopped by beginShutdown). */
  scheduledChangeRunner: ScheduledChangeRunner;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

export async function createServer({
  dataSource,
  nodeEnv = 'production',
  plugins = [],
  exposeStatementCount = false,
  services: serviceOptions = { session: DEFAULT_SESSION_POLICY },
  trustProxy = false,
  metricsToken = null,
  responseCacheEntries = 1000,
  responseCacheMaxBytes = 64 * 1024 * 1024,
  executionConcurrency = DEFAULT_EXECUTION_CONCURRENCY,
  httpCache = DEFAULT_HTTP_CACHE_POLICY,
  catalogDist = CATALOG_DIST,
  publicUrl = 'http://localhost:4000',
  adminDist = ADMIN_DIST,
  explorerDist = EXPLORER_DIST,
  apiLimits: limitOverrides = {},
  rateLimit = null,
  persistedQueries: persistedQueryLimits = DEFAULT_PERSISTED_QUERY_LIMITS,
  redis = null,
  corsOrigins = [],
  logLevel = nodeEnv === 'test' ? 'silent' : 'info',
  logDestination,
  sockets: socketPolicy = {},
  catalogRevisionListen = false,
  directorySigningKey,
}: ServerOptions): Promise<CertHubServer> {
  const limits: ApiLimits = { ...DEFAULT_API_LIMITS, ...limitOverrides };
  const schema = await buildCertHubSchema();
  const counters = createCounterStore(redis);
  // Counting in memory while Redis connects would split budgets between instances.
  await counters.ready();
  // With Redis, commits on any instance wake this one's subscriptions and outbox workers at once.
  const changeSignal = shareChangeSignal(dataSource, redis);
  const revisionListener = catalogRevisionListen ? await listenForCatalogRevisions(dataSource) : null;
  const services = createServices(dataSource, { ...serviceOptions, counters });
  const metrics = createMetrics({ dataSource, queues: [NOTIFICATION_QUEUE, WEBHOOK_QUEUE], processMetrics: nodeEnv !== 'test' });
  services.apiKeys.startRecording();
  // Catches up on changes due while no instance ran, then applies each at its moment (once, whichever instance claims it).
  const scheduledChangeRunner = new ScheduledChangeRunner(dataSource, services.scheduledChanges);
  scheduledChangeRunner.start();
  const budgets = new RequestBudgets(counters, rateLimit);
  const estimator = costEstimator(schema, limits.listEstimate, { maxVariablesDepth: limits.maxVariablesDepth });
  const logger = createRequestLogger(logLevel, logDestination);
  const flushLogs = setInterval(() => void logger.flush(), LOG_FLUSH_MS);
  flushLogs.unref();
  const secureCookies = nodeEnv === 'production';
  const developing = nodeEnv === 'development';
  const cors: CorsPolicy = { allowedOrigins: new Set(corsOrigins), trustProxy: proxyTrust(trustProxy) };
  const renderPage = catalogDist ? await loadPageRenderer(serverEntryOf(catalogDist)) : null;
  const responseCache = new ResponseCache({
    dataSource,
    maxEntries: responseCacheEntries,
    maxBytes: responseCacheMaxBytes,
    http: httpCache,
    budgets,
    apiKeys: services.apiKeys,
    cors,
    maxBodyBytes: limits.maxBodyBytes,
    exposeStatementCount,
    isPage: renderPage ? isKeptPageUrl : undefined,
    onAnswer: metrics.observeCachedAnswer,
  });
  const apollo = new ApolloServer<Context>({
    // The schema, executed by compiled queries (graphql-jit) through Apollo's executor hook.
    gateway: compiledExecution(schema, executionConcurrency),
    // Automatic persisted queries (on by default in Apollo Server): with Redis, every instance knows
    // every hash. Anyone may register one: the store is bounded in count and in size of a query.
    persistedQueries: {
      cache: counters.redisClient
        ? redisPersistedQueries(counters.redisClient, `${redis?.keyPrefix}apq:`, persistedQueryLimits)
        : memoryPersistedQueries(persistedQueryLimits),
    },
    introspection: true,
    includeStacktraceInErrorResponses: developing,
    // No "Did you mean…" in production: the schema is published, but errors need not spell it out.
    hideSchemaDetailsFromClientErrors: nodeEnv === 'production',
    // `/graphql` refuses non-JSON POSTs itself (graphql-endpoint.ts), which stops cross-site forms
    // while leaving plain GET queries to any client, as the GraphQL-over-HTTP specification wants.
    csrfPrevention: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [operationLimitsRule(limits), nulFreeStringsRule],
    formatError: (formatted, error) => formatApiError(formatted, error, { developing }),
    plugins: [
      ...(developing ? [] : [ApolloServerPluginLandingPageDisabled()]),
      ...(exposeStatementCount ? [statementCountHeaderPlugin] : []),
      apiPlugin({ limits, estimator, budgets }),
      // After the API plugin: it keeps the answer with its cost, and sets the HTTP caching headers.
      responseCache.plugin(),
      // No cache hints are used: the per-field hook would only cost time.
      ApolloServerPluginCacheControlDisabled(),
      ...plugins,
      // Last: it reads the cost the API plugin put in the answer.
      metrics.apolloPlugin,
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // An ETag of a POST answer is never reused, and hashing a large answer costs time.
  app.set('etag', false);
  // Every answer of a kilobyte or more in brotli or gzip, as the client accepts (static assets come precompressed).
  app.use(compressAnswers());
  // The same test as `clientAddress`, so that Express's `request.ip` and `request.protocol` agree with it.
  app.set('trust proxy', cors.trustProxy);
  let shuttingDown = false;
  // Liveness: the process answers. The server listens only once migrations ran.
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  // Readiness: worth sending traffic to; 503 from the moment shutdown begins.
  app.get('/readyz', async (_request, response) => {
    const checks = { shutdown: !shuttingDown, database: false, migrations: false, counters: false };
    try {
      await dataSource.query('SELECT 1');
      checks.database = true;
      checks.migrations = !(await dataSource.showMigrations());
    } catch {
      // The database is unreachable: reported below.
    }
    checks.counters = await counters.reachable();
    // Without Redis the server still serves (counters in memory, persisted queries not shared,
    // changes seen by polling): ready, but degraded, with the reason for the operator.
    const ready = checks.shutdown && checks.database && checks.migrations;
    if (ready && !checks.counters) {
      response.status(200).json({ status: 'degraded', checks, degraded: [REDIS_DEGRADED] });
      return;
    }
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  // Before the shutdown answer, so scrapes still work while draining.
  app.use(metrics.router({ token: metricsToken, publicAccess: nodeEnv !== 'production' }));
  // Once shutdown begins, new requests get a complete, retryable answer instead of a dropped connection.
  app.use((_request, response, next) => {
    if (!shuttingDown) return next();
    response.set({ connection: 'close', 'retry-after': '5' });
    response
      .status(503)
      .json({ errors: [{ message: 'The server is shutting down; retry shortly.', extensions: { code: 'SHUTTING_DOWN' } }] });
  });
  app.use(
    graphqlEndpoint({
      apollo,
      services,
      limits,
      budgets,
      cors,
      secureCookies,
      exposeStatementCount,
      explorer: explorerDist ? explorerRouter(explorerDist) : null,
      responseCache,
    }),
  );
  // What each field costs, and the limits: the `/api` page shows them.
  const costs = {
    limits,
    rateLimit,
    fields: costTable(schema, limits.listEstimate).map((entry) => ({
      ...entry,
      multiplier: describeMultiplier(entry.multiplier) || null,
    })),
  };
  app.get('/api/costs.json', (_request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.json(costs);
  });

  app.use(catalogExportRouter(services));
  app.use(directoryExportRouter(services, dataSource, directorySigningKey ?? (await generateDirectorySigningKey())));
  app.use(statusFeedRouter(dataSource));
  app.use(listingFeedRouter(dataSource));
  // The contract third parties and the web apps' codegen read, as the build emitted it.
  app.get('/schema.graphql', (_request, response) => response.type('text/plain; charset=utf-8').sendFile(SCHEMA_FILE));
  // The console first: the public site answers every other page address.
  const catalogRouter =
    catalogDist && renderPage
      ? publicPagesRouter({
          distFolder: catalogDist,
          render: renderPage,
          template: readPageTemplate(`${catalogDist}/index.html`),
          apollo,
          services,
          responseCache,
          publicUrl,
          trustProxy: cors.trustProxy,
        })
      : catalogDist && webAppRouter('/', catalogDist);
  for (const router of [adminDist && webAppRouter('/admin', adminDist), catalogRouter]) {
    if (router) app.use(router);
  }
  // A malformed request (an undecodable path) is the client's fault: answered, not logged as ours.
  app.use(answerClientErrors);

  // Every response carries `x-request-id`; every request is one JSON log line and counted, then
  // answered from the response cache when it can be, by Express otherwise.
  const logRequest = requestIdAndLog(logger);
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    metrics.httpMiddleware(request, response);
    const requestId = logRequest(request, response);
    // An answer from the cache writes these with its own headers in one go (Node's fast path);
    // Express gets them set first.
    const toExpress = () => {
      response.setHeader('x-request-id', requestId);
      setSecurityHeaders(response);
      app(request, response);
    };
    if (!shuttingDown && responseCache.wants(request)) responseCache.serve(request, response, toExpress);
    else toExpress();
  };

  let subscriptions: SubscriptionServer | null = null;
  return {
    handle,
    app,
    metrics,
    services,
    scheduledChangeRunner,
    apollo,
    beginShutdown() {
      shuttingDown = true;
      // Nothing new starts; a change being made finishes in its transaction (stop waits for it).
      void scheduledChangeRunner.stop();
    },
    serveSubscriptions(httpServer) {
      subscriptions = serveSubscriptions(httpServer, {
        schema,
        services,
        limits,
        estimator,
        budgets,
        cors,
        policy: { ...DEFAULT_SOCKET_POLICY, ...socketPolicy },
        // The HTTP API's one rule for who the client is (TRUST_PROXY), so the socket's client is the request's.
        clientAddress: (request) => clientAddress(request, cors.trustProxy),
        secureCookies,
        shuttingDown: () => shuttingDown,
      });
    },
    async closeSubscriptions(deadline) {
      await subscriptions?.close(deadline);
    },
    async stop() {
      await scheduledChangeRunner.stop();
      await subscriptions?.close(Date.now());
      services.changes.close();
      await apollo.stop();
      await services.apiKeys.stop();
      await counters.close();
      await changeSignal.close();
      await revisionListener?.stop();
      clearInterval(flushLogs);
      // Written before the process exits: the last lines are still in the log's buffer.
      await logger.flush();
    },
  };
}

const statementCountHeaderPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const tally = currentStatementTally();
        if (tally) response.http.headers.set('x-sql-statements', String(tally.count));
      },
    };
  },
};

const REDIS_DEGRADED =
  "Redis does not answer: rate-limit and sign-in counters count in this instance's memory, persisted queries are not shared, and changes made on other instances are seen by polling.";

const WEBHOOK_QUEUE: QueueTable<WebhookDeliveryEntity> = {
  name: 'webhook',
  entity: WebhookDeliveryEntity,
  statusProperty: 'status',
  dueProperty: 'nextAttemptAt',
  leaseProperty: 'leasedUntil',
  pendingStatus: 'PENDING',
  failedStatus: 'FAILED',
};

export const DEFAULT_SESSION_POLICY = { idleTimeoutMs: 60 * 60_000, absoluteTimeoutMs: 12 * 60 * 60_000 };
