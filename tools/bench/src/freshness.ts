import { randomBytes } from 'node:crypto';
import type { ChildServer } from './child-server.js';
import { conditionalGet, WHOLE_CATALOG_GET } from './graphql-request.js';
import type { TargetCheck } from './results.js';

/** The first admin of every benchmark server, created at its first start: the freshness check signs in with it. */
export const BENCH_ADMIN = { email: 'bench@example.com', password: randomBytes(18).toString('base64url') };

interface Program {
  id: string;
  slug: string;
  admissionStatus: string;
  version: number;
}

/**
 * A cache is only worth its speed if it is never stale: after the load, a staff member changes a
 * program's status, and the very next read (a conditional GET with the ETag held from before) must
 * get 200 with the new status rather than 304 or the old answer.
 */
export async function checkFreshness(server: ChildServer): Promise<TargetCheck> {
  const target = 'After a status change, the very next cached read shows it (200 with a new ETag, never 304 or the old answer)';
  const before = await readCatalog(server);
  const program = before.programs[0];
  if (!program || !before.etag) return { target, met: false, actual: 'the catalogue had no program or no ETag' };
  const status = program.admissionStatus === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS';
  const cookie = await signIn(server);
  const changed = await graphql(server, cookie, {
    query: 'mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }',
    variables: { input: { programId: program.id, status, expectedVersion: program.version } },
  });
  if (changed.errors) return { target, met: false, actual: `the change was refused: ${JSON.stringify(changed.errors)}` };
  const after = await readCatalog(server, before.etag);
  const shown = after.programs.find(({ id }) => id === program.id)?.admissionStatus;
  const met = after.status === 200 && shown === status && after.etag !== before.etag;
  return { target, met, actual: `${after.status}, ${program.slug} read as ${shown ?? 'nothing'} (set to ${status})` };
}

async function readCatalog(server: ChildServer, etag?: string) {
  const request = etag ? conditionalGet(etag) : WHOLE_CATALOG_GET;
  const response = await fetch(`${server.origin}${request.path}`, { headers: request.headers });
  const text = await response.text();
  const programs: Program[] =
    response.status === 200
      ? (JSON.parse(text) as { data: { categories: Array<{ programs: Program[] }> } }).data.categories.flatMap((c) => c.programs)
      : [];
  return { status: response.status, etag: response.headers.get('etag'), programs };
}

/** Signs the benchmark admin in; the session cookie (`name=value`). */
export async function signIn(server: ChildServer): Promise<string> {
  const response = await fetch(`${server.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }',
      variables: BENCH_ADMIN,
    }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`The benchmark admin could not sign in: ${await response.text()}`);
  return cookie;
}

/** A new API key for the benchmark's third party, made by the signed-in admin. */
export async function createApiKey(server: ChildServer, cookie: string): Promise<string> {
  const answer = (await graphql(server, cookie, {
    query: 'mutation ($name: String!) { createApiKey(name: $name) { key } }',
    variables: { name: 'Benchmark client' },
  })) as { errors?: unknown[]; data?: { createApiKey?: { key: string } } };
  const key = answer.data?.createApiKey?.key;
  if (!key) throw new Error(`The benchmark could not create an API key: ${JSON.stringify(answer.errors)}`);
  return key;
}

async function graphql(server: ChildServer, cookie: string, payload: unknown): Promise<{ errors?: unknown[] }> {
  const response = await fetch(`${server.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as { errors?: unknown[] };
}
