import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { parse as parseCookie } from 'cookie';
import express, { type Express, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { type Context, createContext, createServices, type RequestInfo, type ServiceOptions, type Services } from './context.js';
import { currentStatementTally, runWithStatementTally } from './db/sql-statement-counter.js';
import { catalogueExportRouter } from './modules/export/catalogue-export.js';
import { statusFeedRouter } from './modules/feed/status-feed.js';
import { SESSION_COOKIE } from './modules/session/session.service.js';
import { buildCertHubSchema } from './schema/build-schema.js';
import { formatApiError } from './shared/format-error.js';
import { responseCachePlugin } from './shared/response-cache.js';
import { ADMIN_DIST, CATALOG_DIST, SCHEMA_FILE, webAppRouter } from './shared/web-app.js';

export interface ServerOptions {
  dataSource: DataSource;
  services?: ServiceOptions;
  /** Express `trust proxy`: whether X-Forwarded-For names the client. */
  trustProxy?: boolean;
  /** The public site's build, served at `/`; null serves none. Defaults to apps/catalog/dist when built. */
  catalogDist?: string | null;
  /** The admin console's build, served at `/admin`; null serves none. Defaults to apps/admin/dist when built. */
  adminDist?: string | null;
  /** Anonymous query answers kept in memory, keyed by the catalogue revision; 0 turns the cache off. */
  responseCacheEntries?: number;
  nodeEnv?: string;
  plugins?: ApolloServerPlugin<Context>[];
  /** With it, a request sent with `X-Count-SQL: true` is answered with `X-SQL-Statements`: tests, benchmarks. */
  exposeStatementCount?: boolean;
}

/** The whole product as an Express app, without listening: tests and `main.ts` both use it. */
export interface CertHubServer {
  app: Express;
  services: Services;
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
  responseCacheEntries = 1000,
  catalogDist = CATALOG_DIST,
  adminDist = ADMIN_DIST,
}: ServerOptions): Promise<CertHubServer> {
  const schema = await buildCertHubSchema();
  const services = createServices(dataSource, serviceOptions);
  const secureCookies = nodeEnv === 'production';
  const developing = nodeEnv === 'development';
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: developing,
    formatError: (formatted, error) => formatApiError(formatted, error, { developing }),
    plugins: [
      ...(developing ? [] : [ApolloServerPluginLandingPageDisabled()]),
      ...(exposeStatementCount ? [statementCountHeaderPlugin] : []),
      ...(responseCacheEntries > 0 ? [responseCachePlugin({ dataSource, maxEntries: responseCacheEntries })] : []),
      // No cache hints are used: the per-field hook would only cost time.
      ApolloServerPluginCacheControlDisabled(),
      ...plugins,
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // An ETag of a POST answer is never reused, and hashing a large answer costs time.
  app.set('etag', false);
  app.set('trust proxy', trustProxy);
  app.get('/healthz', async (_request, response) => {
    try {
      await dataSource.query('SELECT 1');
      const pending = await dataSource.showMigrations();
      response.status(pending ? 503 : 200).json({ status: pending ? 'migrations pending' : 'ok' });
    } catch {
      response.status(503).json({ status: 'database unreachable' });
    }
  });
  app.use(
    '/graphql',
    // Counting statements tracks every promise of the request: only when asked (tests, benchmark).
    (request, _response, next) =>
      exposeStatementCount && request.get('x-count-sql') === 'true' ? runWithStatementTally({ count: 0 }, next) : next(),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        createContext(services, {
          request: requestInfoOf(req, res),
          sessionToken: parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE],
          sessionCookie: {
            set: (token, expires) =>
              res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', expires }),
            clear: () => res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' }),
          },
        }),
    }),
  );

  app.use(catalogueExportRouter(services));
  app.use(statusFeedRouter(dataSource));
  // The contract third parties and the web apps' codegen read, as the build emitted it.
  app.get('/schema.graphql', (_request, response) => response.type('text/plain; charset=utf-8').sendFile(SCHEMA_FILE));
  // The console first: the public site answers every other page address.
  for (const router of [adminDist && webAppRouter('/admin', adminDist), catalogDist && webAppRouter('/', catalogDist)]) {
    if (router) app.use(router);
  }

  return {
    app,
    services,
    apollo,
    async stop() {
      await apollo.stop();
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

export const DEFAULT_SESSION_POLICY = { idleTimeoutMs: 60 * 60_000, absoluteTimeoutMs: 12 * 60 * 60_000 };

const REQUEST_ID_PATTERN = /^[\w.:-]{1,64}$/;

/** A request id from a trusted proxy's header when it looks sane, else a new one; echoed back. */
function requestInfoOf(request: Request, response: Response): RequestInfo {
  const offered = request.get('x-request-id');
  const requestId = offered && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
  response.setHeader('x-request-id', requestId);
  return { requestId, ip: request.ip ?? null, userAgent: request.get('user-agent') ?? null };
}
