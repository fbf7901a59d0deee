import { randomBytes, randomUUID } from 'node:crypto';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import { parseFeed } from '@rowanmanning/feed-parser';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { verifySignature } from '../modules/webhook/webhook-signature.js';
import { freePort, PROCESS_ADMIN, type ServerProcess, startServerProcess } from '../test/server-process.js';
import { createEmptyDatabase } from '../test/test-database.js';
import { httpsClient } from './https-client.js';
import { type NamespacedReceiver, namespaceProblem, startNamespacedReceiver } from './receiver-namespace.js';
import { type ReverseProxy, reverseProxyProblem, startReverseProxy } from './reverse-proxy.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const PROXY_PROBLEM = ON_POSTGRES ? reverseProxyProblem() : null;
const NAMESPACE_PROBLEM = ON_POSTGRES && !PROXY_PROBLEM ? namespaceProblem() : null;
const METRICS_TOKEN = randomBytes(24).toString('hex');
/** Short, so a shutdown that hangs on an open socket fails the test rather than the run. */
const SHUTDOWN_TIMEOUT_SECONDS = 3;
/** WebSocket close codes that tell a client to come back: going away, service restart, try again later. */
const RETRYABLE_CLOSE_CODES = [1001, 1012, 1013];

const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`;
const PROGRAM = `query ($slug: String!) { program(slug: $slug) { id name version admissionStatus } }`;
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version admissionStatus } }`;
const STATUS_CHANGED = `subscription { programStatusChanged { program { slug admissionStatus } from to } }`;
const CREATE_WEBHOOK = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }`;

interface StatusEvent {
  program: { slug: string; admissionStatus: string };
  from: string | null;
  to: string;
}

async function until<T>(find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Issue 13, item 12: the built server started as the README's deployment guide says (production,
 * PostgreSQL, Redis, an admin from the environment, a metrics token, TRUST_PROXY=1) behind nginx
 * terminating TLS with a certificate made for the run, and its happy paths proved through it.
 */
describe.skipIf(!ON_POSTGRES || PROXY_PROBLEM)(
  !ON_POSTGRES
    ? 'production behind nginx (skipped: it runs on PostgreSQL and Redis; set TEST_DATABASE_URL)'
    : PROXY_PROBLEM
      ? `production behind nginx (skipped: ${PROXY_PROBLEM})`
      : 'production behind nginx, over TLS',
  () => {
    let database: Awaited<ReturnType<typeof createEmptyDatabase>> | undefined;
    let server: ServerProcess | undefined;
    let proxy: ReverseProxy | undefined;
    const sockets: Client[] = [];

    /** A new client of the proxy, with an empty cookie jar. */
    const visitor = () => {
      if (!proxy) throw new Error('the proxy did not start');
      return httpsClient(proxy.origin, proxy.certificate);
    };
    let adminClient: ReturnType<typeof httpsClient> | undefined;
    /** The admin's client, signed in once over the proxy. */
    const signIn = async () => {
      if (adminClient) return adminClient;
      const client = visitor();
      const { errors } = await client.graphql(LOGIN, { e: PROCESS_ADMIN.email, p: PROCESS_ADMIN.password });
      expect(errors).toBeUndefined();
      adminClient = client;
      return client;
    };
    /** A graphql-ws client through the proxy's TLS and upgrade, trusting only the run's certificate. */
    const subscriber = (on: { closed?: (code: number) => void } = {}) => {
      const { origin, certificate } = proxy ?? { origin: '', certificate: '' };
      const client = createClient({
        url: `${origin.replace(/^https/, 'wss')}/graphql`,
        retryAttempts: 0,
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            // A browser page of the site sends its own origin.
            super(url, protocols, { ca: certificate, headers: { origin } });
          }
        },
        on: { closed: (event) => on.closed?.((event as { code: number }).code) },
      });
      sockets.push(client);
      return client;
    };
    /** Toggles a program's status as the admin, through the proxy. */
    const toggleStatus = async (slug: string) => {
      const admin = await signIn();
      const { data } = await admin.graphql<{ program: { id: string; name: string; version: number; admissionStatus: string } }>(
        PROGRAM,
        { slug },
      );
      const program = data?.program;
      if (!program) throw new Error(`no program ${slug}`);
      const to =
        program.admissionStatus === AdmissionStatus.SEEKING_PARTNERS
          ? AdmissionStatus.NOT_SEEKING_PARTNERS
          : AdmissionStatus.SEEKING_PARTNERS;
      const answer = await admin.graphql(SET_STATUS, {
        input: { programId: program.id, status: to, expectedVersion: program.version, reason: 'Production suite' },
      });
      expect(answer.errors).toBeUndefined();
      return { name: program.name, from: program.admissionStatus, to };
    };

    beforeAll(async () => {
      database = await createEmptyDatabase();
      const port = await freePort();
      // The proxy first: PUBLIC_URL is its address.
      proxy = await startReverseProxy(port);
      server = await startServerProcess(
        database.url,
        {
          NODE_ENV: 'production',
          PUBLIC_URL: proxy.origin,
          REDIS_URL,
          REDIS_KEY_PREFIX: `certhub-test:${randomUUID()}:`,
          METRICS_TOKEN,
          TRUST_PROXY: '1',
          SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
          LOG_LEVEL: 'warn',
        },
        port,
      );
    }, 120_000);
    afterAll(async () => {
      await Promise.all(sockets.map((client) => client.dispose()));
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await proxy?.stop();
      await database?.drop();
    }, 60_000);

    it('is ready at /readyz and alive at /healthz through the proxy', async () => {
      const ready = await visitor().send('/readyz');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready' });
      expect((await visitor().send('/healthz')).status).toBe(200);
    });

    it('signs the admin from the environment in over https: the Secure session cookie works through the proxy', async () => {
      const client = visitor();
      const login = await client.graphql(LOGIN, { e: PROCESS_ADMIN.email, p: PROCESS_ADMIN.password });
      expect(login.errors).toBeUndefined();
      const setCookie = [login.answer.headers['set-cookie'] ?? []].flat().join('\n');
      expect(setCookie).toMatch(/;\s*Secure/i);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(client.cookies.size).toBe(1);
      const me = await client.graphql<{ me: { email: string } | null }>('{ me { email } }');
      expect(me.data?.me?.email).toBe(PROCESS_ADMIN.email);
      // Without the cookie, nobody.
      expect((await visitor().graphql<{ me: unknown }>('{ me { email } }')).data?.me).toBeNull();
    });

    it('counts each client by the address nginx appended, not by a forged X-Forwarded-For entry (TRUST_PROXY=1)', async () => {
      if (!proxy) throw new Error('the proxy did not start');
      const query = '{ categories { slug } }';
      const remaining = async (localAddress: string, forged?: string) => {
        const client = httpsClient(proxy?.origin ?? '', proxy?.certificate ?? '', localAddress);
        const { answer, errors } = await client.graphql(
          query,
          undefined,
          forged ? { headers: { 'x-forwarded-for': forged } } : {},
        );
        expect(errors).toBeUndefined();
        return Number(answer.headers['ratelimit-remaining']);
      };
      // Anonymous budgets are per client address. One client at 127.0.0.2 forges a different
      // left-most entry each time: it still spends from one budget.
      const first = await remaining('127.0.0.2', '203.0.113.7');
      const second = await remaining('127.0.0.2', '198.51.100.9');
      expect(first).toBeGreaterThan(0);
      expect(second, `nginx's access log:\n${proxy.accessLog()}`).toBeLessThan(first);
      // Another client (127.0.0.3) through the same proxy (nginx connects from 127.0.0.1 for both)
      // has a budget of its own: the server did not count the proxy's address either.
      expect(await remaining('127.0.0.3')).toBe(first);
    });

    it('serves /metrics to the bearer of METRICS_TOKEN only', async () => {
      expect((await visitor().send('/metrics')).status).toBe(401);
      const wrong = await visitor().send('/metrics', { headers: { authorization: 'Bearer not-the-token-at-all' } });
      expect(wrong.status).toBe(401);
      const metrics = await visitor().send('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/certhub_http_requests_total\{/);
    });

    it('tells a subscriber over wss of a status change, and lists it in the Atom feed at the public address', async () => {
      const events: StatusEvent[] = [];
      const failures: unknown[] = [];
      const client = subscriber();
      client.subscribe<StatusEvent>(
        { query: STATUS_CHANGED },
        {
          next: ({ data }) => {
            const event = (data as { programStatusChanged?: StatusEvent } | null | undefined)?.programStatusChanged;
            if (event) events.push(event);
          },
          error: (error) => failures.push(error),
          complete: () => undefined,
        },
      );
      // Until the subscription took its starting point a change could go unseen: change one
      // program until the subscriber hears of it.
      let warmedUp: StatusEvent | undefined;
      for (let round = 0; round < 10 && !warmedUp && failures.length === 0; round += 1) {
        await toggleStatus('ip-phones');
        warmedUp = await until(() => events.find((event) => event.program.slug === 'ip-phones'), 1_000);
      }
      expect(failures).toEqual([]);
      expect(warmedUp, 'the subscriber never heard of a change').toBeDefined();

      const slug = 'sip-trunks';
      const change = await toggleStatus(slug);
      const event = await until(() => events.find((candidate) => candidate.program.slug === slug), 5_000);
      expect(event).toEqual({ program: { slug, admissionStatus: change.to }, from: change.from, to: change.to });

      const feed = await visitor().send('/feeds/status.atom');
      expect(feed.status).toBe(200);
      const [newest] = parseFeed(feed.text).items;
      expect(newest?.title).toMatch(new RegExp(`^${change.name}: `));
      // Host and X-Forwarded-Proto came through: links are the public https address.
      expect(newest?.url).toBe(`${proxy?.origin}/programs/${slug}`);
    });

    describe.skipIf(NAMESPACE_PROBLEM)(
      NAMESPACE_PROBLEM ? `webhooks (skipped: ${NAMESPACE_PROBLEM})` : 'webhooks to a receiver in a network namespace',
      () => {
        let receiver: NamespacedReceiver | undefined;
        beforeAll(async () => {
          receiver = await startNamespacedReceiver();
        }, 30_000);
        afterAll(async () => {
          await receiver?.stop();
        });

        it('refuses a loopback receiver and delivers a signed status change to a public-classified one', async () => {
          if (!receiver) throw new Error('no receiver');
          const admin = await signIn();
          const refused = await admin.graphql(CREATE_WEBHOOK, {
            input: { name: 'Loopback', url: 'http://127.0.0.1:9/hooks', events: ['PROGRAM_STATUS_CHANGED'] },
          });
          expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

          const created = await admin.graphql<{ createWebhookEndpoint: { endpoint: { id: string }; secret: string } }>(
            CREATE_WEBHOOK,
            { input: { name: 'Namespaced receiver', url: receiver.url, events: ['PROGRAM_STATUS_CHANGED'] } },
          );
          expect(created.errors).toBeUndefined();
          const { endpoint, secret } = created.data?.createWebhookEndpoint ?? { endpoint: { id: '' }, secret: '' };
          try {
            const slug = 'sbc';
            const change = await toggleStatus(slug);
            const delivery = await until(
              () =>
                receiver?.deliveries.find((candidate) => {
                  const payload = JSON.parse(candidate.body) as { data?: { program?: { slug?: string }; to?: string } };
                  return payload.data?.program?.slug === slug && payload.data.to === change.to;
                }),
              10_000,
            );
            expect(delivery, 'no webhook delivery arrived').toBeDefined();
            expect(delivery?.headers['certhub-event']).toBe('PROGRAM_STATUS_CHANGED');
            expect(
              verifySignature(
                secret,
                delivery?.body ?? '',
                String(delivery?.headers['certhub-signature']),
                Math.floor(Date.now() / 1000),
              ),
            ).toBe(true);
          } finally {
            // Nothing more goes to the namespace once the test is done with it.
            await admin.graphql('mutation ($id: ID!) { deleteWebhookEndpoint(endpointId: $id) }', { id: endpoint.id });
          }
        }, 30_000);
      },
    );

    it('on SIGTERM with a subscription open through the proxy, closes it with a retryable code and exits 0', async () => {
      if (!server) throw new Error('the server did not start');
      let closedWith: number | undefined;
      const client = subscriber({
        closed: (code) => {
          closedWith ??= code;
        },
      });
      const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
      client.subscribe({ query: STATUS_CHANGED }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      await connected;

      server.child.kill('SIGTERM');
      // Draining: the proxy's health check sees the server not ready before the listener closes (then nginx answers 502).
      let readiness = 200;
      for (let round = 0; readiness === 200 && round < 200; round += 1) {
        readiness = await visitor()
          .send('/readyz')
          .then((answer) => answer.status);
      }
      expect(readiness).toBe(503);
      const exit = await Promise.race([
        server.exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('still running'), (SHUTDOWN_TIMEOUT_SECONDS + 10) * 1000)),
      ]);
      expect(exit, server.output.join('')).toBe(0);
      expect(await until(() => closedWith, 5_000)).toBeDefined();
      expect(RETRYABLE_CLOSE_CODES).toContain(closedWith);
    }, 30_000);
  },
);
