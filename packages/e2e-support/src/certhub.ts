import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The built server (`npm start`'s), with the web apps' builds, on a fresh database of its own. */
const SERVER_MAIN = fileURLToPath(new URL('../../../apps/server/dist/main.js', import.meta.url));

export const ADMIN = { email: 'e2e-admin@example.com', password: 'an end to end admin passphrase' };

/** Runs GraphQL operations over HTTP, keeping the session cookie like a browser. */
export type GraphQLCaller = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export interface RunningCertHub {
  origin: string;
  /** Runs a GraphQL operation as the admin (signed in once). */
  asAdmin: GraphQLCaller;
  /** A new session of a staff member, signed in with this email and password. */
  signIn(email: string, password: string): Promise<GraphQLCaller>;
  /** What the server has written so far: without SMTP_URL, its emails too (the notification log sender). */
  serverLog(): string;
  stop(): Promise<void>;
}

export interface CertHubOptions {
  /** More settings for the server, e.g. WEBHOOK_ALLOW_PRIVATE_ADDRESSES for a receiver the test runs. */
  env?: Record<string, string>;
}

export async function startCertHub({ env = {} }: CertHubOptions = {}): Promise<RunningCertHub> {
  const database = await createDatabase();
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // Production requires the signed directory's key; a key for this run only.
      DIRECTORY_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // Every browser test comes from one address: the API's per-address budget would throttle them.
      RATE_LIMIT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(origin, child, output);

  const admin = graphqlClient(origin);

  return {
    origin,
    async asAdmin(query, variables) {
      if (!admin.signedIn) await admin.signIn(ADMIN.email, ADMIN.password);
      return admin.call(query, variables);
    },
    async signIn(email, password) {
      const client = graphqlClient(origin);
      await client.signIn(email, password);
      return client.call;
    },
    serverLog: () => output.join(''),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await database.drop();
    },
  };
}

/** A program as the browser tests look it up through the API: its id, version and status. */
export async function programBySlug(certhub: RunningCertHub, slug: string) {
  const { program } = await certhub.asAdmin<{ program: { id: string; version: number; admissionStatus: string } }>(
    `query ($slug: String!) { program(slug: $slug) { id version admissionStatus } }`,
    { slug },
  );
  return program;
}

/** Changes a program's status as the admin, through the API, at the version it has now: a change made elsewhere. */
export async function setProgramStatus(
  certhub: RunningCertHub,
  slug: string,
  status: string,
  reason: string | null = null,
): Promise<{ version: number }> {
  const { id, version } = await programBySlug(certhub, slug);
  const { setProgramAdmissionStatus } = await certhub.asAdmin<{ setProgramAdmissionStatus: { version: number } }>(
    `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
    { input: { programId: id, status, expectedVersion: version, reason } },
  );
  return setProgramAdmissionStatus;
}

function graphqlClient(origin: string) {
  let cookie: string | undefined;
  const call: GraphQLCaller = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };
  return {
    call,
    get signedIn() {
      return cookie !== undefined;
    },
    async signIn(email: string, password: string) {
      await call(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, { e: email, p: password });
    },
  };
}

async function waitUntilHealthy(origin: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not become healthy:\n${output.join('')}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** SQLite in a temporary folder, or a new database on TEST_DATABASE_URL's PostgreSQL server. */
async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (server?.startsWith('postgres')) {
    const name = `certhub_e2e_${randomBytes(6).toString('hex')}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'certhub-e2e-'));
  return {
    url: `sqlite:${path.join(folder, 'certhub.sqlite')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}
