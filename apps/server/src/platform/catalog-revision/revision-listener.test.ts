import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/data-source.js';
import { type CertHubServer, createServer } from '../../server.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { type CatalogRevisionListener, LEASE_MARGIN_MS, listenForCatalogRevisions } from './revision-listener.js';

const CATALOGUE = '{ programs(first: 100) { edges { node { id slug admissionStatus version } } } }';
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;
const STATUSES = ['SEEKING_PARTNERS', 'NOT_SEEKING_PARTNERS'] as const;
const TIMING = { heartbeatMs: 100, leaseMs: 300, reconnectMs: 200 };
/** Write-then-read rounds of the race test: CI saw the stale read within a handful. */
const RACE_ROUNDS = 300;

interface Program {
  id: string;
  slug: string;
  admissionStatus: string;
  version: number;
}

/** Two instances on one PostgreSQL database: A (the test server, which writes) and B (which reads). */
describe.runIf(process.env.TEST_DATABASE_URL?.startsWith('postgres'))('the catalogue revision pushed by LISTEN/NOTIFY', () => {
  let a: TestServer;
  let editor: TestClient;
  let bData: DataSource;
  let b: CertHubServer;
  let bHttp: Server;
  let bUrl: string;
  let listener: CatalogRevisionListener;

  beforeAll(async () => {
    a = await startTestServer((db) => importSeed(db.dataSource));
    editor = await a.signIn('EDITOR');
    bData = await openDatabase(a.db.url);
    b = await createServer({ dataSource: bData, nodeEnv: 'test', exposeStatementCount: true, catalogRevisionListen: false });
    listener = (await listenForCatalogRevisions(bData, TIMING)) as CatalogRevisionListener;
    bHttp = createHttpServer(b.handle).listen(0, '127.0.0.1');
    await once(bHttp, 'listening');
    bUrl = `http://127.0.0.1:${(bHttp.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    bHttp.closeAllConnections();
    await new Promise((resolve) => bHttp.close(resolve));
    await listener.stop();
    await b.stop();
    await bData.destroy();
    await a.close();
  });

  const readOnB = async () => {
    const response = await fetch(`${bUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-count-sql': 'true' },
      body: JSON.stringify({ query: CATALOGUE }),
    });
    const body = (await response.json()) as { data: { programs: { edges: Array<{ node: Program }> } } };
    const pcs = body.data.programs.edges.find(({ node }) => node.slug === 'pcs')?.node as Program;
    return { pcs, statements: Number(response.headers.get('x-sql-statements')) };
  };
  /** Moves pcs's status on A; resolves once A acknowledged it. */
  const writeOnA = async (program: Program) => {
    const status = STATUSES.find((candidate) => candidate !== program.admissionStatus);
    const { body } = await editor.graphql(SET_STATUS, {
      input: { programId: program.id, status, expectedVersion: program.version },
    });
    expect(body.errors).toBeUndefined();
    return { status, version: program.version + 1 };
  };
  const until = async (condition: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** B's listening connection, to delay or silence what it receives (tests only). */
  const bConnection = () => (listener as unknown as { client: pg.Client }).client;

  it('answers a repeated read with no statement while the channel is healthy, and shows each of A’s writes to B’s next read', async () => {
    await until(() => listener.healthy());
    const before = (await readOnB()).pcs;
    const cached = await readOnB();
    expect(cached.statements).toBe(0);
    let current = before;
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const written = await writeOnA(current);
      const next = await readOnB();
      expect(next.pcs, `round ${round}`).toMatchObject({ admissionStatus: written.status, version: written.version });
      current = next.pcs;
    }
    expect((await readOnB()).pcs.version).toBe(before.version + RACE_ROUNDS);
  }, 120_000);

  it('holds A’s answer until B has the revision, however late the notification reaches B', async () => {
    await until(() => listener.healthy());
    const connection = bConnection();
    const emit = connection.emit.bind(connection);
    // As a loaded machine does: B's backend or event loop gets round to the notification 400 ms late.
    connection.emit = ((event: string, ...args: unknown[]) => {
      if (event !== 'notification') return emit(event, ...args);
      setTimeout(() => emit(event, ...args), 400);
      return true;
    }) as typeof connection.emit;
    try {
      let current = (await readOnB()).pcs;
      for (let round = 0; round < 10; round++) {
        const written = await writeOnA(current);
        const next = await readOnB();
        expect(next.pcs, `round ${round}`).toMatchObject({ admissionStatus: written.status, version: written.version });
        current = next.pcs;
      }
    } finally {
      connection.emit = emit;
    }
  }, 60_000);

  it('holds A’s answer at most for the lease of an instance that went silent, which then stops trusting', async () => {
    await until(() => listener.healthy());
    const warm = await readOnB();
    const connection = bConnection();
    // No answer, no notification, no error: a connection that died without a reset.
    connection.removeAllListeners('notification');
    connection.query = (() => new Promise(() => undefined)) as unknown as typeof connection.query;
    const started = performance.now();
    const written = await writeOnA(warm.pcs);
    const waited = performance.now() - started;
    expect(waited).toBeLessThan(TIMING.leaseMs + LEASE_MARGIN_MS + 1_000);
    expect(listener.healthy()).toBe(false);
    const next = await readOnB();
    expect(next.pcs).toMatchObject({ admissionStatus: written.status, version: written.version });
    expect((await readOnB()).statements).toBe(1);
    listener.simulateConnectionLoss();
    await until(() => listener.healthy());
  }, 30_000);

  it('reads the revision from the database once the channel drops (still never stale), and trusts it again once reconnected', async () => {
    await until(() => listener.healthy());
    await readOnB();
    listener.simulateConnectionLoss();
    expect(listener.healthy()).toBe(false);
    const warm = await readOnB();
    const again = await readOnB();
    expect(again.statements).toBe(1);
    // Written while B is not listening: B's next read still sees it, from the database.
    const written = await writeOnA(warm.pcs);
    const after = await readOnB();
    expect(after.pcs).toMatchObject({ admissionStatus: written.status, version: written.version });
    await until(() => listener.healthy());
    await readOnB();
    expect((await readOnB()).statements).toBe(0);
    const afterReconnect = await writeOnA(after.pcs);
    expect((await readOnB()).pcs).toMatchObject({ admissionStatus: afterReconnect.status, version: afterReconnect.version });
  });

  it('stops trusting a connection that no longer listens (a pooler in transaction mode)', async () => {
    await until(() => listener.healthy());
    const client = (listener as unknown as { client: { query(sql: string): Promise<unknown> } }).client;
    await client.query('UNLISTEN *');
    await until(() => !listener.healthy(), 2_000);
    await readOnB();
    expect((await readOnB()).statements).toBe(1);
    listener.simulateConnectionLoss();
    await until(() => listener.healthy());
  });

  it('trusts its own commits at once: a write on B shows in B’s next read', async () => {
    await until(() => listener.healthy());
    const bEditor = await a.signIn('EDITOR');
    // Sign in on B with A's staff account: the session lives in the shared database.
    const login = await fetch(`${bUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }',
        variables: { email: bEditor.email, password: bEditor.password },
      }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    for (let round = 0; round < 3; round++) {
      const current = (await readOnB()).pcs;
      const status = STATUSES.find((candidate) => candidate !== current.admissionStatus);
      const edit = await fetch(`${bUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          query: SET_STATUS,
          variables: { input: { programId: current.id, status, expectedVersion: current.version } },
        }),
      });
      expect(((await edit.json()) as { errors?: unknown }).errors).toBeUndefined();
      expect((await readOnB()).pcs).toMatchObject({ admissionStatus: status, version: current.version + 1 });
    }
  });
});
