import { once } from 'node:events';
import { parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { UserEntity } from '../../modules/user/user.entity.js';
import { buildCertHubSchema } from '../../schema/build-schema.js';
import { applicationForm, setProgram, submit } from '../../test/applications.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { DEFAULT_API_LIMITS } from '../api/api-policy.js';
import { costEstimator } from '../api/query-cost.js';
import { SessionEntity } from '../session/session.entity.js';

const APPLICATIONS = `subscription { applicationChanged { id status } }`;
const STATUS_CHANGES = `subscription { programStatusChanged { program { slug } to } }`;

interface Operation {
  received: unknown[];
  errors: unknown[];
  stop: () => void;
}

/**
 * A graphql-ws client as a third party (or a browser, with `origin`) runs one; `headers` go with the
 * upgrade request. `retry` makes it reconnect once after any close, as the web apps' client does.
 */
function connect(server: TestServer, headers: Record<string, string> = {}, retry = false) {
  const closes: number[] = [];
  let connections = 0;
  const client: Client = createClient({
    url: `${server.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    retryAttempts: retry ? 1 : 0,
    shouldRetry: () => retry,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 100)),
    on: {
      connected: () => {
        connections += 1;
      },
      closed: (event) => {
        closes.push((event as { code: number }).code);
      },
    },
  });
  const subscribe = (query: string, variables: Record<string, unknown> = {}): Operation => {
    const operation: Operation = { received: [], errors: [], stop: () => undefined };
    operation.stop = client.subscribe(
      { query, variables },
      {
        next: (value) => operation.received.push(value),
        error: (error) => operation.errors.push(error),
        complete: () => undefined,
      },
    );
    return operation;
  };
  return {
    closes,
    connections: () => connections,
    subscribe,
    /** Resolves once connected and the server had a moment to start reading changes for it. */
    ready: async () => {
      await expect.poll(() => connections, { timeout: 5_000 }).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 400));
    },
    dispose: () => client.dispose(),
  };
}

type Errors = Array<{ extensions?: { code?: string } }>;

/**
 * The codes an operation was refused with: before it started (an `error` message), or by its
 * resolver (a `next` with errors, as for a staff-only field asked anonymously).
 */
const codesOf = (operation: Operation): string[] =>
  [
    ...operation.errors.flatMap((error) => (Array.isArray(error) ? (error as Errors) : [])),
    ...operation.received.flatMap((result) => (result as { errors?: Errors }).errors ?? []),
  ].map((error) => error.extensions?.code ?? '');

/** Events an operation received with data. */
const eventsOf = (operation: Operation) => operation.received.filter((result) => (result as { data?: unknown }).data);

/** A new company's application (each open application must be another company's). */
let applicants = 0;
const newApplication = (programId: string) => {
  applicants += 1;
  return applicationForm(programId, {
    companyName: `Company ${applicants}`,
    companyWebsite: `https://company${applicants}.example`,
  });
};

/** Opens a bare WebSocket (graphql-ws' subprotocol); answers it once open, or the HTTP status of a refused upgrade. */
function openSocket(server: TestServer, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

/** Changes a program's status as staff, over HTTP, failing the test on any error. */
async function setStatus(server: TestServer, staff: TestClient, slug: string, status: string): Promise<void> {
  const { body } = await server.graphql<{ program: { id: string; version: number } }>(
    `{ program(slug: "${slug}") { id version } }`,
  );
  const edit = await staff.graphql(
    `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
    { input: { programId: body.data?.program.id, status, expectedVersion: body.data?.program.version } },
  );
  expect(edit.body.errors).toBeUndefined();
}

describe('subscriptions: staff rights by origin and session', () => {
  let server: TestServer;
  let gateway: string;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      corsOrigins: ['https://console.example.com'],
      // Only the check before each event ends a session's operations in these tests.
      sockets: { sessionCheckMs: 60_000 },
    });
    gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
  });
  afterAll(() => server.close());

  it('gives the staff cookie effect only from the origins HTTP allows it from; others are anonymous', async () => {
    const editor = await server.signIn('EDITOR');
    const cookie = editor.cookie as string;
    const origins = {
      own: { origin: server.url, cookie },
      allowed: { origin: 'https://console.example.com', cookie },
      none: { cookie },
      foreign: { origin: 'https://evil.example', cookie },
    };
    const sockets = Object.fromEntries(Object.entries(origins).map(([name, headers]) => [name, connect(server, headers)]));
    const operations = Object.fromEntries(
      Object.entries(sockets).map(([name, socket]) => [name, socket.subscribe(APPLICATIONS)]),
    );
    // A foreign page still reads public subscriptions.
    const foreignPublic = sockets.foreign?.subscribe(STATUS_CHANGES) as Operation;
    await Promise.all(Object.values(sockets).map((socket) => socket.ready()));
    await submit(server.client(), newApplication(gateway));
    await setStatus(server, editor, 'pcs', 'SEEKING_PARTNERS');
    for (const name of ['own', 'allowed', 'none'] as const) {
      await expect.poll(() => operations[name]?.received.length, { timeout: 5_000 }).toBe(1);
      expect(operations[name]?.errors).toEqual([]);
    }
    expect(codesOf(operations.foreign as Operation)).toEqual(['UNAUTHENTICATED']);
    expect(eventsOf(operations.foreign as Operation)).toEqual([]);
    await expect.poll(() => foreignPublic.received.length, { timeout: 5_000 }).toBe(1);
    await Promise.all(Object.values(sockets).map((socket) => socket.dispose()));
  });

  it('ends a staff operation when its session ends: no event is sent after a sign-out, and the socket closes with 4403', async () => {
    const editor = await server.signIn('EDITOR');
    const socket = connect(server, { cookie: editor.cookie as string });
    const applications = socket.subscribe(APPLICATIONS);
    await socket.ready();
    await submit(server.client(), newApplication(gateway));
    await expect.poll(() => applications.received.length, { timeout: 5_000 }).toBe(1);

    const logout = await editor.graphql(`mutation { logout }`);
    expect(logout.body.errors).toBeUndefined();
    await submit(server.client(), newApplication(gateway));
    await expect.poll(() => socket.closes, { timeout: 5_000 }).toEqual([4403]);
    expect(applications.received).toHaveLength(1);
    await socket.dispose();
  });
});

describe('subscriptions: a session ending between events', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), { sockets: { sessionCheckMs: 200 } });
  });
  afterAll(() => server.close());

  const subscribeAsStaff = async (staff: TestClient) => {
    // As the web apps' client: it reconnects after any close.
    const socket = connect(server, { cookie: staff.cookie as string }, true);
    const applications = socket.subscribe(APPLICATIONS);
    const statuses = socket.subscribe(STATUS_CHANGES);
    await socket.ready();
    return { socket, applications, statuses };
  };

  it('closes the connection with 4403 once the user is disabled; on reconnecting, public operations go on and staff ones are refused', async () => {
    const editor = await server.signIn('EDITOR');
    const { socket, applications, statuses } = await subscribeAsStaff(editor);
    await server.db.dataSource
      .getRepository(UserEntity)
      .update({ email: (editor as { email: string }).email }, { disabled: true });
    await expect.poll(() => socket.closes, { timeout: 5_000 }).toEqual([4403]);
    await expect.poll(() => codesOf(applications), { timeout: 5_000 }).toEqual(['UNAUTHENTICATED']);
    await expect.poll(() => socket.connections(), { timeout: 5_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await setStatus(server, await server.signIn('ADMIN'), 'ip-phones', 'SEEKING_PARTNERS');
    await expect.poll(() => statuses.received.length, { timeout: 5_000 }).toBe(1);
    expect(statuses.errors).toEqual([]);
    await socket.dispose();
  });

  it('closes the connection with 4403 once the session expires', async () => {
    const editor = await server.signIn('EDITOR');
    const socket = connect(server, { cookie: editor.cookie as string });
    socket.subscribe(APPLICATIONS);
    await socket.ready();
    const user = await server.db.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ email: (editor as { email: string }).email });
    await server.db.dataSource
      .getRepository(SessionEntity)
      .update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1_000) });
    await expect.poll(() => socket.closes, { timeout: 5_000 }).toEqual([4403]);
    await socket.dispose();
  });
});

describe('subscriptions: limits', () => {
  it('refuses a message larger than MAX_BODY_BYTES by closing the socket with 1009', async () => {
    const server = await startTestServer(undefined, { apiLimits: { maxBodyBytes: 2048 } });
    try {
      const socket = (await openSocket(server)) as WebSocket;
      socket.send(JSON.stringify({ type: 'connection_init' }));
      await once(socket, 'message');
      const closed = once(socket, 'close');
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: `subscription { programStatusChanged { to } } ${'#'.repeat(3_000)}` },
        }),
      );
      const [code] = await closed;
      expect(code).toBe(1009);
      // A message within the limit is served.
      const small = connect(server);
      const operation = small.subscribe(STATUS_CHANGES);
      await small.ready();
      expect(operation.errors).toEqual([]);
      await small.dispose();
    } finally {
      await server.close();
    }
  });

  it('caps operations per connection and connections per client address (as TRUST_PROXY derives it)', async () => {
    const server = await startTestServer(undefined, {
      trustProxy: 1,
      sockets: { maxSubscriptionsPerConnection: 2, maxConnectionsPerClient: 2 },
    });
    try {
      const socket = connect(server);
      const first = socket.subscribe(STATUS_CHANGES);
      const second = socket.subscribe(STATUS_CHANGES);
      const third = socket.subscribe(STATUS_CHANGES);
      await expect.poll(() => codesOf(third), { timeout: 5_000 }).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
      expect([first.errors, second.errors]).toEqual([[], []]);
      first.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const fourth = socket.subscribe(STATUS_CHANGES);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fourth.errors).toEqual([]);

      // That graphql-ws connection is 127.0.0.1's first; the proxy names other clients.
      const fromA = { 'x-forwarded-for': '203.0.113.7' };
      const a1 = await openSocket(server, fromA);
      const a2 = await openSocket(server, fromA);
      expect(await openSocket(server, fromA)).toBe(429);
      const b1 = await openSocket(server, { 'x-forwarded-for': '203.0.113.8' });
      const local = await openSocket(server);
      expect([a1, a2, b1, local].every((opened) => opened instanceof WebSocket)).toBe(true);
      expect(await openSocket(server)).toBe(429);
      // A closed connection frees its place.
      (a1 as WebSocket).close();
      await once(a1 as WebSocket, 'close');
      await expect
        .poll(async () => {
          const opened = await openSocket(server, fromA);
          if (opened instanceof WebSocket) opened.close();
          return opened instanceof WebSocket;
        })
        .toBe(true);
      for (const opened of [a2, b1, local]) (opened as WebSocket).close();
      await socket.dispose();
    } finally {
      await server.close();
    }
  });

  it("charges each subscription's estimated cost to the client's budget, shared with HTTP, and refuses it with RATE_LIMITED past it", async () => {
    const server = await startTestServer((db) => importSeed(db.dataSource), {
      rateLimit: { windowSeconds: 600, anonymous: 10, apiKey: 1_000 },
      // Each query below is charged in full, not as a cached answer.
      responseCacheEntries: 0,
    });
    try {
      const remaining = async () => {
        const { extensions } = await server.graphql(`{ __typename }`);
        return (extensions?.budget as { remaining: number } | undefined)?.remaining ?? Number.NaN;
      };
      const before = await remaining();
      const socket = connect(server);
      const query = `subscription { programStatusChanged { program { category { name } } } }`;
      // The estimate HTTP requests are charged by.
      const cost = costEstimator(await buildCertHubSchema(), DEFAULT_API_LIMITS.listEstimate).costOf(parse(query), null, {});
      expect(cost).toBeGreaterThan(1);
      const charged = socket.subscribe(query);
      await socket.ready();
      expect(charged.errors).toEqual([]);
      // One point for the query itself.
      expect(await remaining()).toBe(before - 1 - cost);
      // Each program's labs: a list of 10 (COST_LIST_ESTIMATE) objects; more than is left.
      const tooDear = socket.subscribe(`subscription { programStatusChanged { program { labs { name } } } }`);
      await expect.poll(() => codesOf(tooDear), { timeout: 5_000 }).toEqual(['RATE_LIMITED']);
      // Staff have no budget, as over HTTP.
      const admin = await server.signIn('ADMIN');
      const staffSocket = connect(server, { cookie: admin.cookie as string });
      const staffOperation = staffSocket.subscribe(`subscription { programStatusChanged { program { labs { name } } } }`);
      await staffSocket.ready();
      expect(staffOperation.errors).toEqual([]);
      await Promise.all([socket.dispose(), staffSocket.dispose()]);
    } finally {
      await server.close();
    }
  });
});
