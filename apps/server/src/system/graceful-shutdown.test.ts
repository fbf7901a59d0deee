import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_CATALOGUE_QUERY } from '../bench/whole-catalogue-query.js';
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
    server = await startServerProcess(database.url, { RATE_LIMIT: 'off', LOG_LEVEL: 'silent' });
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
            : await post(server.origin, { query: WHOLE_CATALOGUE_QUERY });
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
