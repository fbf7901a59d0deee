import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/server-process.js';
import { startTestServer, type TestServer } from '../test/test-server.js';
import { DEFAULT_RATE_LIMIT } from './api/api-policy.js';
import { postGraphQL } from './api/test-http.js';

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const TIMEOUTS = { commandTimeoutMs: 200, connectTimeoutMs: 500 };
const QUERY = '{ programs(first: 1) { totalCount } }';
const SIGN_IN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }';

/**
 * A stand-in for Redis on 127.0.0.1: it passes bytes to the real one until told to hang, from
 * which moment it accepts connections and reads what is sent but never answers (a frozen Redis,
 * or a network that drops replies); `silent` hangs from the start.
 */
async function fakeRedis({ silent }: { silent: boolean }) {
  let hung = silent;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (hung) return;
    const upstream = connect(Number(REDIS.port || 6379), REDIS.hostname);
    sockets.add(upstream);
    upstream.on('error', () => undefined);
    client.on('data', (chunk) => hung || upstream.write(chunk));
    upstream.on('data', (chunk) => hung || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hang: () => {
      hung = true;
    },
    resume: () => {
      hung = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function serverWithRedis(url: string): Promise<TestServer> {
  return startTestServer(undefined, {
    rateLimit: DEFAULT_RATE_LIMIT,
    redis: { url, keyPrefix: `certhub-test-hung-${randomBytes(4).toString('hex')}:`, ...TIMEOUTS },
  });
}

async function readiness(server: TestServer) {
  const response = await fetch(`${server.url}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: Record<string, boolean>; degraded?: string[] },
  };
}

/** What a request needs of Redis: the budget (counters), a sign-in (throttle counters), a persisted query (the APQ store). */
async function expectServedWithoutRedis(server: TestServer) {
  for (let round = 0; round < 3; round++) {
    const answer = await postGraphQL(server.url, { query: QUERY });
    expect(answer.status).toBe(200);
    expect(answer.body.data.programs.totalCount).toBe(0);
    expect(answer.headers.get('ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT.anonymous));
  }
  const signIn = await server.graphql(SIGN_IN, { e: 'nobody@example.com', p: 'not the password' });
  expect(signIn.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(QUERY).digest('hex') } };
  const byHash = await postGraphQL(server.url, { extensions: persisted });
  expect(byHash.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  expect((await postGraphQL(server.url, { query: QUERY, extensions: persisted })).status).toBe(200);
}

describe('a Redis that does not answer', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('that accepts connections and never answers: requests are answered, and /readyz is ready but degraded', async () => {
    const redis = await fakeRedis({ silent: true });
    try {
      server = await serverWithRedis(redis.url);
      await expectServedWithoutRedis(server);
      const ready = await readiness(server);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'degraded', checks: { database: true, counters: false } });
      expect(ready.body.degraded?.[0]).toMatch(/Redis/);
    } finally {
      await redis.close();
    }
  });

  it('that is closed (nothing listens): the same', async () => {
    server = await serverWithRedis(`redis://127.0.0.1:${await freePort()}`);
    await expectServedWithoutRedis(server);
    expect(await readiness(server)).toMatchObject({ status: 200, body: { status: 'degraded', checks: { counters: false } } });
  });
});

describe('a Redis that hangs while in use', () => {
  let redis: Awaited<ReturnType<typeof fakeRedis>>;
  let server: TestServer;
  beforeAll(async () => {
    redis = await fakeRedis({ silent: false });
    server = await serverWithRedis(redis.url);
  });
  afterAll(async () => {
    await server.close();
    await redis.close();
  });

  it('is used while it answers, falls back once it hangs, and is used again once it answers', async () => {
    expect(await readiness(server)).toMatchObject({ status: 200, body: { status: 'ready', checks: { counters: true } } });
    redis.hang();
    await expectServedWithoutRedis(server);
    expect(await readiness(server)).toMatchObject({ status: 200, body: { status: 'degraded' } });
    redis.resume();
    // The client reconnects on its own, backing off: give it a few seconds.
    for (let attempt = 0; attempt < 100 && (await readiness(server)).body.status !== 'ready'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await readiness(server)).toMatchObject({ status: 200, body: { status: 'ready' } });
  });
});
