import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StaffRole } from '@certhub/domain/staff';
import type { Services } from '../context.js';
import { type CertHubServer, createServer, type ServerOptions } from '../server.js';
import { createStaffUser } from './staff.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> };
  /** The answer's top-level `extensions` (cost and budget), kept apart so bodies compare as data and errors. */
  extensions?: Record<string, unknown>;
}

/** A GraphQL client over HTTP that keeps the session cookie the server sets, like a browser. */
export interface TestClient {
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  cookie: string | undefined;
}

/** A real server on a real port over a fresh database: what a client on the network would see. */
export interface TestServer extends TestClient {
  url: string;
  db: TestDatabase;
  /** The server's services, for driving workers and what no HTTP request reaches. */
  services: Services;
  /** The server's Apollo Server, for operations run in this process (test/database-path.ts). */
  apollo: CertHubServer['apollo'];
  /** The server's timer of scheduled changes: `idle()` waits for its pass after a test moves the clock. */
  scheduledChangeRunner: CertHubServer['scheduledChangeRunner'];
  /** What SIGTERM does first: /readyz answers 503 from now on. */
  beginShutdown(): void;
  /** A new client without a session. */
  client(): TestClient;
  /** A new staff account of this role, signed in; its password is `password`. */
  signIn(role: StaffRole, email?: string): Promise<TestClient & { email: string; password: string }>;
  close(): Promise<void>;
}

export const STAFF_PASSWORD = 'a long and unusual passphrase';

export async function startTestServer(
  prepare?: (db: TestDatabase) => Promise<unknown>,
  options: Partial<Omit<ServerOptions, 'dataSource'>> = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  await prepare?.(db);
  const server = await createServer({
    dataSource: db.dataSource,
    nodeEnv: 'test',
    exposeStatementCount: true,
    // Cached reads then always take their one revision statement, which tests count: the pushed
    // revision has tests of its own (platform/catalog-revision/revision-listener.test.ts).
    catalogRevisionListen: false,
    ...options,
  });
  const http: Server = createHttpServer(server.handle).listen(0, '127.0.0.1');
  await once(http, 'listening');
  server.serveSubscriptions(http);
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const client = (): TestClient => {
    const state: TestClient = {
      cookie: undefined,
      async graphql(query, variables) {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-count-sql': 'true',
            ...(state.cookie ? { cookie: state.cookie } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        const setCookie = response.headers.get('set-cookie');
        if (setCookie) state.cookie = setCookie.split(';')[0]?.endsWith('=') ? undefined : setCookie.split(';')[0];
        const { extensions, ...body } = (await response.json()) as GraphQLResponse<never>['body'] & {
          extensions?: Record<string, unknown>;
        };
        return { status: response.status, headers: response.headers, body, extensions };
      },
    };
    return state;
  };
  const anonymous = client();
  let staffCount = 0;

  return {
    url,
    db,
    services: server.services,
    apollo: server.apollo,
    scheduledChangeRunner: server.scheduledChangeRunner,
    beginShutdown: () => server.beginShutdown(),
    client,
    get cookie() {
      return anonymous.cookie;
    },
    graphql: (query, variables) => anonymous.graphql(query, variables),
    async signIn(role, email = `${role.toLowerCase()}${++staffCount}@example.com`) {
      await createStaffUser(db.dataSource, { email, role, password: STAFF_PASSWORD });
      const signedIn = client();
      const { body } = await signedIn.graphql(
        `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }`,
        {
          email,
          password: STAFF_PASSWORD,
        },
      );
      if (body.errors || !signedIn.cookie) throw new Error(`sign-in failed: ${JSON.stringify(body.errors)}`);
      return Object.assign(signedIn, { email, password: STAFF_PASSWORD });
    },
    async close() {
      // Upgraded connections are the subscriptions', which `closeAllConnections` does not know of.
      await server.closeSubscriptions(Date.now());
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await server.stop();
      await db.destroy();
    },
  };
}
