import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;

/** A graphql-ws client, as a third party would run one; `cookie` makes it staff's. */
function subscribe<T>(url: string, query: string, variables: Record<string, unknown> = {}, cookie?: string) {
  const client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, cookie ? { headers: { cookie } } : {});
      }
    },
    retryAttempts: 0,
  });
  const received: Array<{ data?: T; errors?: unknown[] }> = [];
  const failures: unknown[] = [];
  let ready: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  client.on('connected', () => setTimeout(() => ready(), 400));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => received.push(value as never),
      error: (error) => failures.push(error),
      complete: () => undefined,
    },
  );
  const next = async (count = 1, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count && failures.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    return received;
  };
  return {
    received,
    failures,
    started,
    next,
    close: async () => {
      stop();
      await client.dispose();
    },
  };
}

describe('subscriptions over graphql-ws', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const setStatus = async (slug: string, status: string) => {
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "${slug}") { id version } }`,
    );
    const edit = await editor.graphql(SET_STATUS, {
      input: { programId: body.data?.program.id, status, expectedVersion: body.data?.program.version },
    });
    expect(edit.body.errors).toBeUndefined();
    return body.data?.program.id as string;
  };

  it('tells a subscriber that a program started seeking partners, and only that', async () => {
    const subscription = subscribe<{ programStatusChanged: { program: { slug: string }; from: string; to: string } | null }>(
      server.url,
      `subscription { programStatusChanged(filter: { status: SEEKING_PARTNERS, categorySlug: "devices" }) { program { slug admissionStatus } from to changedAt } }`,
    );
    await subscription.started;
    await setStatus('sbc', 'SEEKING_PARTNERS'); // Infrastructure: not this subscriber's category.
    await setStatus('pcs', 'NO_ADMISSION_REVIEW'); // Not the status asked for.
    const sent = Date.now();
    await setStatus('ip-phones', 'SEEKING_PARTNERS');
    const received = await subscription.next(1);
    const arrivedWithinMs = Date.now() - sent;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const changes = received.map((event) => event.data?.programStatusChanged);
    expect(changes).toEqual([
      expect.objectContaining({
        program: { slug: 'ip-phones', admissionStatus: 'SEEKING_PARTNERS' },
        from: 'NOT_SEEKING_PARTNERS',
        to: 'SEEKING_PARTNERS',
      }),
    ]);
    expect(arrivedWithinMs).toBeLessThan(3_000);
    await subscription.close();
  });

  it('sends the program as it is now on every change to it', async () => {
    const { body } = await server.graphql<{ program: { id: string } }>(`{ program(slug: "migration") { id } }`);
    const subscription = subscribe<{ programChanged: { slug: string; admissionStatus: string; version: number } }>(
      server.url,
      `subscription ($id: ID!) { programChanged(programId: $id) { slug admissionStatus version } }`,
      { id: body.data?.program.id },
    );
    await subscription.started;
    await setStatus('migration', 'SEEKING_PARTNERS');
    const [first] = await subscription.next(1);
    expect(first?.data?.programChanged).toMatchObject({ slug: 'migration', admissionStatus: 'SEEKING_PARTNERS', version: 2 });
    await subscription.close();
  });

  it('keeps application events for signed-in staff', async () => {
    const anonymous = subscribe(server.url, `subscription { applicationChanged { id status } }`);
    await anonymous.next(1, 2_000);
    const refusal = JSON.stringify([...anonymous.received, ...anonymous.failures]);
    expect(refusal).toMatch(/UNAUTHENTICATED/);
    await anonymous.close();
  });
});

describe('subscriptions of staff in production', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer(undefined, { nodeEnv: 'production', logLevel: 'silent' });
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  it('read the same __Host- session cookie as HTTP requests', async () => {
    expect(editor.cookie).toMatch(/^__Host-certhub_session=/);
    const staff = subscribe(server.url, `subscription { applicationChanged { id status } }`, {}, editor.cookie);
    const unprefixed = subscribe(
      server.url,
      `subscription { applicationChanged { id status } }`,
      {},
      editor.cookie?.replace(/^__Host-/, ''),
    );
    await Promise.all([staff.started, unprefixed.next(1, 2_000)]);
    expect(JSON.stringify([...unprefixed.received, ...unprefixed.failures])).toMatch(/UNAUTHENTICATED/);
    expect([...staff.received, ...staff.failures]).toEqual([]);
    await Promise.all([staff.close(), unprefixed.close()]);
  });
});

describe('subscription limits', () => {
  it('refuses a subscription deeper than the limit, as over HTTP', async () => {
    const server = await startTestServer(undefined, { apiLimits: { maxDepth: 2 } });
    try {
      const deep = subscribe(server.url, `subscription { programStatusChanged { program { category { programs { name } } } } }`);
      await deep.next(1, 2_000);
      expect(JSON.stringify(deep.failures)).toMatch(/QUERY_TOO_DEEP/);
      await deep.close();
    } finally {
      await server.close();
    }
  });
});
