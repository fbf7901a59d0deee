import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { type Context, createContext, createServices } from './context.js';
import { currentStatementTally, runWithStatementTally } from './db/sql-statement-counter.js';
import { buildCertHubSchema } from './schema/build-schema.js';
import { formatApiError } from './shared/format-error.js';

export interface ServerOptions {
  dataSource: DataSource;
  nodeEnv?: string;
  plugins?: ApolloServerPlugin<Context>[];
  /** Adds `X-SQL-Statements` (statements run for the request) to GraphQL responses: tests, benchmarks. */
  exposeStatementCount?: boolean;
}

/** The whole product as an Express app, without listening: tests and `main.ts` both use it. */
export interface CertHubServer {
  app: Express;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

export async function createServer({
  dataSource,
  nodeEnv = 'production',
  plugins = [],
  exposeStatementCount = false,
}: ServerOptions): Promise<CertHubServer> {
  const schema = await buildCertHubSchema();
  const services = createServices(dataSource);
  const developing = nodeEnv === 'development';
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: developing,
    formatError: (formatted, error) => formatApiError(formatted, error, { developing }),
    plugins: [
      ...(developing ? [] : [ApolloServerPluginLandingPageDisabled()]),
      ...(exposeStatementCount ? [statementCountHeaderPlugin] : []),
      ...plugins,
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
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
    (_request, _response, next) => runWithStatementTally({ count: 0 }, next),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: async () => createContext(services) }),
  );

  return {
    app,
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
        response.http.headers.set('x-sql-statements', String(currentStatementTally()?.count ?? 0));
      },
    };
  },
};
