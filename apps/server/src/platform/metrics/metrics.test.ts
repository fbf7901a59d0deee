import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import express, { type Express } from 'express';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, DEFAULT_SESSION_POLICY } from '../../server.js';
import { logger } from '../../shared/logger.js';
import { applicationForm, SUBMIT, setProgram } from '../../test/applications.js';
import { importSeed } from '../../test/seed-catalog.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { NotificationEntity, NotificationStatus } from '../notification/notification.entity.js';
import { createMetrics, listenForMetrics, type Metrics, type MetricsAccess, NOTIFICATION_QUEUE } from './metrics.js';

/** A sample of the Prometheus text format; `labels` in any order. */
interface Exposition {
  value(name: string, labels?: Record<string, string>): number | undefined;
  type(name: string): string | undefined;
}

/** Reads the text format line by line, as Prometheus would: `# TYPE` lines and samples. */
function parseExposition(text: string): Exposition {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] && type[2]) types.set(type[1], type[2]);
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || sample[3] === undefined) continue;
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    samples.set(sampleKey(sample[1], labels), Number(sample[3]));
  }
  return {
    value: (name, labels = {}) => samples.get(sampleKey(name, labels)),
    type: (name) => types.get(name),
  };
}

function sampleKey(name: string, labels: Record<string, string | undefined>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return `${name}{${pairs.map(([key, value]) => `${key}="${value}"`).join(',')}}`;
}

const scrape = async (metrics: Metrics) => parseExposition(await metrics.registry.metrics());

/** Serves `app` on a loopback port for the length of `use`. */
async function withListening<T>(app: Express, use: (origin: string) => Promise<T>): Promise<T> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('GET /metrics', () => {
  const metrics = createMetrics();
  const appWith = (access: MetricsAccess) => express().use(metrics.router(access));
  const get = (origin: string, headers: Record<string, string> = {}) => fetch(`${origin}/metrics`, { headers });

  it('answers 404 without a token where it is not public (production)', async () => {
    await withListening(appWith({ token: null, publicAccess: false }), async (origin) => {
      const response = await get(origin);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('certhub_');
    });
  });

  it('answers anyone in the Prometheus text format where it is public', async () => {
    await withListening(appWith({ token: null, publicAccess: true }), async (origin) => {
      const response = await get(origin);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const exposition = parseExposition(await response.text());
      expect(exposition.type('certhub_graphql_requests_total')).toBe('counter');
      expect(exposition.type('certhub_graphql_request_duration_seconds')).toBe('histogram');
      expect(exposition.type('certhub_graphql_query_cost')).toBe('histogram');
      expect(exposition.type('certhub_rate_limit_refusals_total')).toBe('counter');
      // prom-client's process metrics: memory, CPU, event loop lag.
      expect(exposition.value('process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(exposition.type('process_cpu_seconds_total')).toBe('counter');
      expect(exposition.type('nodejs_eventloop_lag_seconds')).toBe('gauge');
    });
  });

  it('with a token, answers only its bearer, public or not', async () => {
    for (const publicAccess of [false, true]) {
      await withListening(appWith({ token: 's3cret-token', publicAccess }), async (origin) => {
        const missing = await get(origin);
        expect(missing.status).toBe(401);
        expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect((await get(origin, { authorization: 'Bearer wrong' })).status).toBe(401);
        expect((await get(origin, { authorization: 's3cret-token' })).status).toBe(401);
        const allowed = await get(origin, { authorization: 'Bearer s3cret-token' });
        expect(allowed.status).toBe(200);
        expect(await allowed.text()).toContain('# TYPE certhub_http_requests_total counter');
      });
    }
  });

  it('can be served on a port of its own (METRICS_PORT)', async () => {
    const server: Server = await listenForMetrics(metrics.registry, { port: 0, host: '127.0.0.1', token: null });
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('certhub_graphql_requests_total');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps the registries of two servers apart', async () => {
    const other = createMetrics({ processMetrics: false });
    other.observeRateLimitRefusal('sign_in');
    expect((await scrape(other)).value('certhub_rate_limit_refusals_total', { kind: 'sign_in' })).toBe(1);
    expect((await scrape(metrics)).value('certhub_rate_limit_refusals_total', { kind: 'sign_in' })).toBeUndefined();
  });
});

describe('the Apollo plugin', () => {
  const typeDefs = 'type Query { hello: String, boom: String, refused: String, throttled: String }';
  const resolvers = {
    Query: {
      hello: () => 'world',
      boom: () => {
        throw new Error('a bug');
      },
      refused: () => {
        throw new GraphQLError('No.', { extensions: { code: 'BAD_USER_INPUT' } });
      },
      throttled: () => {
        throw new GraphQLError('Too many failed sign-ins.', { extensions: { code: 'LOGIN_THROTTLED' } });
      },
    },
  };
  // Stands in for the API plugin, which reports each operation's estimated cost in the answer.
  const reportsCost: ApolloServerPlugin<{ user: string }> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') response.body.singleResult.extensions = { cost: { requested: 7 } };
        },
      };
    },
  };

  /** A real Apollo server, with a context of its own type: the plugin must fit any server's. */
  async function apolloWith(metrics: Metrics) {
    const apollo = new ApolloServer<{ user: string }>({ typeDefs, resolvers, plugins: [reportsCost, metrics.apolloPlugin] });
    await apollo.start();
    const run = (query: string, operationName?: string) =>
      apollo.executeOperation({ query, operationName }, { contextValue: { user: 'test' } });
    return { apollo, run };
  }

  it('counts requests by operation name and outcome, with their latency and cost', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const { apollo, run } = await apolloWith(metrics);
    await run('query Hello { hello }');
    await run('query Hello { hello }');
    await run('{ hello }');
    await run('query Boom { boom }');
    await run('query Refused { refused }');
    await run('{ hello ');
    await run(`query ${'L'.repeat(65)} { hello }`);
    await run('query One { hello } query Two { hello }', 'Two');
    await apollo.stop();

    const exposition = await scrape(metrics);
    const requests = (operation: string, outcome: string) =>
      exposition.value('certhub_graphql_requests_total', { operation, outcome });
    expect(requests('Hello', 'success')).toBe(2);
    expect(requests('anonymous', 'success')).toBe(1);
    expect(requests('Boom', 'server_error')).toBe(1);
    expect(requests('Refused', 'user_error')).toBe(1);
    // A document that does not parse has no operation, and is the caller's mistake.
    expect(requests('anonymous', 'user_error')).toBe(1);
    expect(requests('other', 'success')).toBe(1);
    expect(requests('Two', 'success')).toBe(1);
    expect(exposition.value('certhub_graphql_request_duration_seconds_count', { operation: 'Hello' })).toBe(2);
    expect(exposition.value('certhub_graphql_request_duration_seconds_bucket', { operation: 'Hello', le: '+Inf' })).toBe(2);
    expect(exposition.value('certhub_graphql_query_cost_count')).toBe(8);
    expect(exposition.value('certhub_graphql_query_cost_sum')).toBe(56);
  });

  it('gives names past the first few the label other, so that clients cannot grow the series', async () => {
    const metrics = createMetrics({ processMetrics: false, maxOperationNames: 2 });
    const { apollo, run } = await apolloWith(metrics);
    for (const name of ['First', 'Second', 'Third', 'Fourth', 'First']) await run(`query ${name} { hello }`);
    await apollo.stop();

    const exposition = await scrape(metrics);
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'First', outcome: 'success' })).toBe(2);
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'Second', outcome: 'success' })).toBe(1);
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'other', outcome: 'success' })).toBe(2);
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'Third', outcome: 'success' })).toBeUndefined();
  });

  it('counts throttles that answer with an error code', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const { apollo, run } = await apolloWith(metrics);
    await run('query SignIn { throttled }');
    await apollo.stop();

    const exposition = await scrape(metrics);
    expect(exposition.value('certhub_rate_limit_refusals_total', { kind: 'sign_in' })).toBe(1);
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'SignIn', outcome: 'user_error' })).toBe(1);
  });
});

describe('the HTTP middleware', () => {
  it('counts requests by low-cardinality route and status, and 429 answers as budget refusals', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const app = express().use(metrics.httpMiddleware);
    app.post('/graphql', (request, response) => {
      response.status(request.get('x-refuse') ? 429 : 200).json({});
    });
    for (const path of ['/export/catalogue.json', '/feeds/status.atom', '/healthz', '/api/costs.json']) {
      app.get(path, (_request, response) => response.send('ok'));
    }
    app.get('/{*page}', (_request, response) => response.send('<html>'));

    await withListening(app, async (origin) => {
      const post = (headers: Record<string, string> = {}) => fetch(`${origin}/graphql`, { method: 'POST', headers });
      const pages = [
        '/export/catalogue.json',
        '/feeds/status.atom',
        '/healthz',
        '/api/costs.json',
        '/programs/x?y=1',
        '/admin/users',
      ];
      for (const response of await Promise.all([
        post(),
        post({ 'x-refuse': '1' }),
        ...pages.map((path) => fetch(origin + path)),
      ])) {
        await response.arrayBuffer();
      }
      await (await fetch(`${origin}/nowhere`, { method: 'DELETE' })).arrayBuffer();
    });

    const exposition = await scrape(metrics);
    const requests = (route: string, status: string) => exposition.value('certhub_http_requests_total', { route, status });
    expect(requests('/graphql', '200')).toBe(1);
    expect(requests('/graphql', '429')).toBe(1);
    expect(requests('/export', '200')).toBe(1);
    expect(requests('/feeds', '200')).toBe(1);
    expect(requests('/healthz', '200')).toBe(1);
    expect(requests('other', '200')).toBe(1);
    expect(requests('web_app', '200')).toBe(2);
    expect(requests('other', '404')).toBe(1);
    expect(exposition.value('certhub_http_request_duration_seconds_count', { route: '/graphql' })).toBe(2);
    expect(exposition.value('certhub_rate_limit_refusals_total', { kind: 'api_budget' })).toBe(1);
  });
});

describe('the database collectors', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.destroy());
  const outbox = () => db.dataSource.getRepository(NotificationEntity);
  beforeEach(async () => {
    await outbox().clear();
  });

  const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
  const notification = (status: NotificationStatus, nextAttemptAt: Date, leasedUntil: Date | null = null) => ({
    kind: 'test',
    audience: 'STAFF' as const,
    recipient: null,
    subject: 'A test',
    body: 'Body',
    applicationId: null,
    status,
    attempts: 0,
    nextAttemptAt,
    leasedUntil,
    lastError: null,
    sentAt: null,
  });

  it('reports the connection pool', async () => {
    const metrics = createMetrics({ processMetrics: false, dataSource: db.dataSource });
    await db.dataSource.query('SELECT 1');
    const exposition = await scrape(metrics);
    const open = exposition.value('certhub_db_pool_open_connections') ?? -1;
    if (db.dataSource.options.type === 'postgres') {
      expect(open).toBeGreaterThanOrEqual(1);
      expect(exposition.value('certhub_db_pool_idle_connections')).toBeLessThanOrEqual(open);
      expect(exposition.value('certhub_db_pool_max_connections')).toBe(10);
    } else {
      expect(open).toBe(1);
      expect(exposition.value('certhub_db_pool_idle_connections')).toBe(1);
      expect(exposition.value('certhub_db_pool_max_connections')).toBe(1);
    }
    expect(exposition.value('certhub_db_pool_waiting_queries')).toBe(0);
  });

  it('reports an empty pool for a database that is not open', async () => {
    const closed = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    const exposition = await scrape(createMetrics({ processMetrics: false, dataSource: closed, queues: [] }));
    expect(exposition.value('certhub_db_pool_open_connections')).toBe(0);
    expect(exposition.value('certhub_db_pool_max_connections')).toBe(0);
  });

  it('reports the outbox: pending rows, how late the oldest due one is, and failed rows', async () => {
    await outbox().insert([
      // Being sent (a worker holds it for another minute): pending, but not late.
      notification(NotificationStatus.PENDING, secondsAgo(600), secondsAgo(-60)),
      notification(NotificationStatus.PENDING, secondsAgo(120)),
      notification(NotificationStatus.PENDING, secondsAgo(30)),
      notification(NotificationStatus.PENDING, secondsAgo(-3600)),
      notification(NotificationStatus.FAILED, secondsAgo(7200)),
      notification(NotificationStatus.FAILED, secondsAgo(7200)),
      notification(NotificationStatus.SENT, secondsAgo(7200)),
    ]);
    const metrics = createMetrics({ processMetrics: false, dataSource: db.dataSource });
    const exposition = await scrape(metrics);
    const queue = { queue: 'notification' };
    expect(exposition.value('certhub_queue_pending_items', queue)).toBe(4);
    expect(exposition.value('certhub_queue_failed_items', queue)).toBe(2);
    const age = exposition.value('certhub_queue_oldest_due_age_seconds', queue) ?? 0;
    expect(age).toBeGreaterThanOrEqual(119);
    expect(age).toBeLessThan(180);
    expect(exposition.value('certhub_metrics_collect_errors_total', { collector: 'queues' })).toBeUndefined();
  });

  it('says 0 late when nothing is due, and stops counting at the cap', async () => {
    await outbox().insert([1, 2, 3, 4].map(() => notification(NotificationStatus.PENDING, secondsAgo(-60))));
    const metrics = createMetrics({ processMetrics: false, dataSource: db.dataSource, queueCountCap: 2 });
    const exposition = await scrape(metrics);
    expect(exposition.value('certhub_queue_pending_items', { queue: 'notification' })).toBe(2);
    expect(exposition.value('certhub_queue_oldest_due_age_seconds', { queue: 'notification' })).toBe(0);
  });

  it('still answers a scrape when a queue cannot be read, and counts the failure', async () => {
    const missing = { ...NOTIFICATION_QUEUE, name: 'missing', entity: 'no_such_entity' };
    const metrics = createMetrics({ processMetrics: false, dataSource: db.dataSource, queues: [missing] });
    const quiet = logger.error;
    logger.error = (() => undefined) as typeof logger.error;
    try {
      const first = await scrape(metrics);
      expect(first.value('certhub_queue_pending_items', { queue: 'missing' })).toBeUndefined();
      expect(first.value('certhub_db_pool_open_connections')).toBeGreaterThanOrEqual(1);
      // A failure is counted while its scrape is collected: the second scrape shows the first's.
      const second = await scrape(metrics);
      expect(second.value('certhub_metrics_collect_errors_total', { collector: 'queues' })).toBe(1);
    } finally {
      logger.error = quiet;
    }
  });
});

describe('wired around the real CertHub server', () => {
  let db: TestDatabase | undefined;
  let stop: (() => Promise<void>) | undefined;
  let origin: string;
  let closeHttp: (() => Promise<void>) | undefined;

  // The server's own metrics, as `npm start` wires them: answers from the response cache count too.
  beforeAll(async () => {
    const database = await createTestDatabase();
    db = database;
    await importSeed(database.dataSource);
    const server = await createServer({
      dataSource: database.dataSource,
      nodeEnv: 'test',
      rateLimit: { windowSeconds: 60, anonymous: 40, apiKey: 1000 },
      services: { session: DEFAULT_SESSION_POLICY, applications: { perHour: 0, staffNotificationEmail: null } },
    });
    stop = () => server.stop();
    const http = createHttpServer(server.handle).listen(0, '127.0.0.1');
    await once(http, 'listening');
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    closeHttp = async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    };
  });
  afterAll(async () => {
    await closeHttp?.();
    await stop?.();
    await db?.destroy();
  });

  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { errors?: unknown[] } };
  };

  it('counts operations, their cost as the API plugin reports it, the outbox, and budget refusals', async () => {
    if (!db) throw new Error('The database was not created.');
    const programId = await setProgram(db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
    expect((await graphql('query Categories { categories { slug } }')).status).toBe(200);
    const submitted = await graphql(SUBMIT, { input: applicationForm(programId) });
    expect(submitted.body.errors).toBeUndefined();
    // Spends the rest of the 40-point budget: the API refuses with 429 once it is gone.
    let refused = 0;
    for (let attempt = 0; attempt < 40 && refused === 0; attempt++) {
      if ((await graphql('query Categories { categories { slug } }')).status === 429) refused++;
    }
    expect(refused).toBe(1);

    const exposition = parseExposition(await (await fetch(`${origin}/metrics`)).text());
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'Categories', outcome: 'success' })).toBeGreaterThan(
      1,
    );
    expect(exposition.value('certhub_graphql_requests_total', { operation: 'anonymous', outcome: 'success' })).toBe(1);
    expect(exposition.value('certhub_graphql_query_cost_count')).toBeGreaterThan(2);
    expect(exposition.value('certhub_http_requests_total', { route: '/graphql', status: '429' })).toBe(1);
    expect(exposition.value('certhub_rate_limit_refusals_total', { kind: 'api_budget' })).toBe(1);
    // The application's notifications wait in the outbox: no worker runs in this test.
    expect(exposition.value('certhub_queue_pending_items', { queue: 'notification' })).toBeGreaterThanOrEqual(1);
    expect(exposition.value('certhub_queue_oldest_due_age_seconds', { queue: 'notification' })).toBeGreaterThanOrEqual(0);
  });
});
