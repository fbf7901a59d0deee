import { once } from 'node:events';
import { request } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';
import { WHOLE_CATALOG_QUERY } from '@certhub/domain/whole-catalog-query';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PROCESS_ADMIN, processClient, type ServerProcess, startServerProcess } from '../test/server-process.js';
import { createEmptyDatabase } from '../test/test-database.js';
import { startTestServer } from '../test/test-server.js';

type Outcome = 'complete' | 'shutting-down' | 'refused' | 'broken';

/** One request on a connection of its own, so "accepted" is plain: the connection was. */
function post(origin: string, body: unknown, cookie?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const call = request(
      `${origin}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(cookie ? { cookie } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => {
          try {
            const answer = JSON.parse(text) as { data?: unknown; errors?: unknown };
            if (response.statusCode === 503 && JSON.stringify(answer).includes('SHUTTING_DOWN')) resolve('shutting-down');
            else resolve(response.statusCode === 200 && (answer.data || answer.errors) ? 'complete' : 'broken');
          } catch {
            resolve('broken');
          }
        });
        response.on('error', () => resolve('broken'));
      },
    );
    call.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'broken'));
    call.end(payload);
  });
}

describe('graceful shutdown', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess;
  beforeAll(async () => {
    database = await createEmptyDatabase();
    // `info`: the shutdown is logged at that level.
    server = await startServerProcess(database.url, { RATE_LIMIT: 'off', LOG_LEVEL: 'info' });
  }, 120_000);
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await database.drop();
  });

  it('answers every accepted request completely on SIGTERM under a load of reads and writes, then exits 0', async () => {
    const graphql = processClient(server.origin);
    await graphql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, {
      e: PROCESS_ADMIN.email,
      p: PROCESS_ADMIN.password,
    });
    const { data } = await graphql<{ program: { id: string } }>(`{ program(slug: "sbc") { id } }`);
    const login = await fetch(`${server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(email: "${PROCESS_ADMIN.email}", password: "${PROCESS_ADMIN.password}") { id } }`,
      }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];

    const outcomes: Outcome[] = [];
    let refusedSince = false;
    const loop = async (index: number) => {
      for (let round = 0; !refusedSince && round < 10_000; round += 1) {
        const outcome =
          index % 4 === 0
            ? await post(
                server.origin,
                {
                  query: `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
                  variables: {
                    input: {
                      programId: data?.program.id,
                      status: round % 2 ? 'SEEKING_PARTNERS' : 'NOT_SEEKING_PARTNERS',
                      expectedVersion: 1,
                    },
                  },
                },
                cookie,
              )
            : await post(server.origin, { query: WHOLE_CATALOG_QUERY });
        outcomes.push(outcome);
        // A client told to go away (or refused) stops, as a well-behaved one would.
        if (outcome === 'refused' || outcome === 'shutting-down') refusedSince = true;
      }
    };
    const loops = Array.from({ length: 12 }, (_, index) => loop(index));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server.child.kill('SIGTERM');
    await Promise.all(loops);
    expect(await server.exited).toBe(0);
    expect(outcomes.filter((outcome) => outcome === 'broken')).toEqual([]);
    expect(outcomes.filter((outcome) => outcome === 'complete').length).toBeGreaterThan(20);
    expect(outcomes).toContain('shutting-down');
    expect(server.output.join('')).toMatch(/SIGTERM received/);
  }, 120_000);
});

/** A graphql-ws subscriber, as a web page keeps one open; resolves once it is subscribed. */
async function openSubscription(origin: string) {
  const closes: number[] = [];
  let connected = false;
  const client = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    on: {
      connected: () => {
        connected = true;
      },
      closed: (event) => {
        closes.push((event as { code: number }).code);
      },
    },
  });
  client.subscribe(
    { query: 'subscription { programStatusChanged { to } }' },
    { next: () => undefined, error: () => undefined, complete: () => undefined },
  );
  await expect.poll(() => connected, { timeout: 5_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { closes, dispose: () => client.dispose() };
}

/** A masked WebSocket text frame, as clients must send them (payloads under 126 bytes). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = payload.map((byte, index) => byte ^ (mask[index % 4] as number));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/**
 * A subscriber that stops reading: it opens a socket, subscribes, then never reads again, so it
 * never answers the server's close frame.
 */
async function openStalledSubscriber(origin: string): Promise<Socket> {
  const { hostname, port } = new URL(origin);
  const socket = connectTcp(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  const [head] = (await once(socket, 'data')) as [Buffer];
  expect(head.toString()).toMatch(/^HTTP\/1.1 101/);
  socket.write(clientFrame(JSON.stringify({ type: 'connection_init' })));
  socket.write(
    clientFrame(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { programStatusChanged { to } }' } }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.pause();
  return socket;
}

describe('graceful shutdown with subscriptions open', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  }, 120_000);
  afterAll(() => database.drop());

  it('tells subscribers the service restarts (1012) on SIGTERM and exits 0 well within SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const server = await startServerProcess(database.url, {
      RATE_LIMIT: 'off',
      // Warnings only: a cut connection is one.
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_SECONDS: '20',
    });
    try {
      const subscriber = await openSubscription(server.origin);
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      await expect.poll(() => subscriber.closes, { timeout: 10_000 }).toEqual([1012]);
      expect(await server.exited).toBe(0);
      // The readiness pause (1 s) and little else: nothing waited for the deadline.
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(server.output.join('')).not.toMatch(/did not close in time|still open after/);
      await subscriber.dispose();
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 60_000);

  it('cuts a subscriber that stopped reading at the deadline, and still exits 0 within SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const server = await startServerProcess(database.url, {
      RATE_LIMIT: 'off',
      // Warnings only: a cut connection is one.
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_SECONDS: '6',
    });
    const stalled = await openStalledSubscriber(server.origin);
    try {
      const subscriber = await openSubscription(server.origin);
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      await expect.poll(() => subscriber.closes, { timeout: 10_000 }).toEqual([1012]);
      expect(await server.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(6_000);
      expect(server.output.join('')).toMatch(/did not close in time/);
      await subscriber.dispose();
    } finally {
      stalled.destroy();
      server.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('health and readiness', () => {
  it('is alive at /healthz, ready at /readyz, and not ready once shutdown begins', async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { shutdown: true, database: true, migrations: true, counters: true },
      });
      server.beginShutdown();
      const stopping = await fetch(`${server.url}/readyz`);
      expect(stopping.status).toBe(503);
      expect(await stopping.json()).toMatchObject({ status: 'not ready', checks: { shutdown: false } });
    } finally {
      await server.close();
    }
  });
});

describe('metrics', () => {
  it('serves Prometheus text at /metrics with request and outbox figures (open outside production)', async () => {
    const server = await startTestServer();
    try {
      await server.graphql(`query CatalogueCount { programs { totalCount } }`);
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/certhub_graphql_requests_total\{operation="CatalogueCount",outcome="success"\} 1/);
      expect(text).toMatch(/certhub_http_requests_total\{/);
      expect(text).toMatch(/notification/);
    } finally {
      await server.close();
    }
  });
});
