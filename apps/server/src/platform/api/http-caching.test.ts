import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { recordChange } from '../../modules/change/record-change.js';
import { ProgramEntity } from '../../modules/program/program.entity.js';
import { applicationForm, SUBMIT, setProgram, TRACK } from '../../test/applications.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

const CATALOG = 'query Catalogue { categories { slug programs { slug name admissionStatus version } } }';
const PROGRAM = 'query Program($slug: String!) { program(slug: $slug) { slug admissionStatus version } }';
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  statements: number;
}

/** A query over GET (variables and extensions as JSON) or POST, as any HTTP client sends it, with the statement count. */
async function send(
  url: string,
  init: { method: 'GET' | 'POST'; search?: string; body?: string },
  headers: Record<string, string>,
) {
  const response = await fetch(`${url}/graphql${init.search ?? ''}`, {
    method: init.method,
    // As they are: compression and its ETags are compression.test.ts's.
    headers: {
      'x-count-sql': 'true',
      'accept-encoding': 'identity',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: init.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    statements: Number(response.headers.get('x-sql-statements')),
  };
}

function get(url: string, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return send(url, { method: 'GET', search: `?${search}` }, headers);
}

function post(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, { method: 'POST', body: JSON.stringify(payload) }, headers);
}

/** A change to public data, as far as the catalogue revision goes: it moves. */
const bumpCatalogRevision = (manager: EntityManager) =>
  recordChange(manager, {
    audit: [
      {
        batchId: randomUUID(),
        actor: 'test',
        entityType: 'Program',
        entityId: '0',
        action: 'test',
        summary: 'test',
        changes: null,
      },
    ],
  });

const statusIn = (answer: Answer, slug: string) =>
  (JSON.parse(answer.text).data.categories as Array<{ programs: Array<{ slug: string; admissionStatus: string }> }>)
    .flatMap((category) => category.programs)
    .find((program) => program.slug === slug)?.admissionStatus;

describe('HTTP caching of public GET queries', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  const setStatus = async (slug: string, status: string) => {
    const editor = await server.signIn('EDITOR');
    const program = await server.db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug });
    const { body } = await editor.graphql(SET_STATUS, {
      input: { programId: program.globalId, status, expectedVersion: program.version },
    });
    expect(body.errors).toBeUndefined();
  };

  it('answers with a strong ETag of the bytes and Cache-Control, then from memory after one statement', async () => {
    const first = await get(server.url, { query: CATALOG });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(etag).toBe(`"${createHash('sha256').update(first.text).digest('base64url').slice(0, 32)}"`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(first.headers.get('vary')).toBe('Accept, Origin, Accept-Encoding');
    // A shared answer says nothing of the caller's budget (the headers do).
    expect(JSON.parse(first.text).extensions).toEqual({ cost: { requested: expect.any(Number), limit: expect.any(Number) } });
    expect(first.statements).toBeGreaterThan(1);

    const second = await get(server.url, { query: CATALOG });
    expect(second.statements).toBe(1);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('x-request-id')).toMatch(/./);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('answers 304 Not Modified to a matching If-None-Match, weakly compared, and 200 to another', async () => {
    const { headers } = await get(server.url, { query: CATALOG });
    const etag = headers.get('etag') as string;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const conditional = await get(server.url, { query: CATALOG }, { 'if-none-match': ifNoneMatch });
      expect(conditional.status).toBe(304);
      expect(conditional.text).toBe('');
      expect(conditional.headers.get('etag')).toBe(etag);
      expect(conditional.statements).toBe(1);
    }
    const other = await get(server.url, { query: CATALOG }, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('never answers 304 or the kept answer once a write changed it, and 304 again when a write left it alone', async () => {
    const before = await get(server.url, { query: PROGRAM, variables: { slug: 'pcs' } });
    const etag = before.headers.get('etag') as string;
    // Another program's change moves the revision, but not this answer: same bytes, same tag.
    await setStatus('migration', 'SEEKING_PARTNERS');
    const untouched = await get(server.url, { query: PROGRAM, variables: { slug: 'pcs' } }, { 'if-none-match': etag });
    expect(untouched.statements).toBeGreaterThan(1);
    expect(untouched.status).toBe(304);

    await setStatus('pcs', 'SEEKING_PARTNERS');
    const changed = await get(server.url, { query: PROGRAM, variables: { slug: 'pcs' } }, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text).data.program.admissionStatus).toBe('SEEKING_PARTNERS');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('keeps nothing a transaction wrote before it rolled back, and shows none of it meanwhile', async () => {
    const committed = statusIn(await get(server.url, { query: CATALOG }), 'sba');
    const program = await server.db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug: 'sba' });
    const other = committed === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS';
    let readMeanwhile: Answer | null = null;
    const rolledBack = inTransaction(server.db.dataSource, async (manager) => {
      await manager.update(ProgramEntity, { id: program.id }, { admissionStatus: other as ProgramEntity['admissionStatus'] });
      await bumpCatalogRevision(manager);
      readMeanwhile = await get(server.url, { query: CATALOG });
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(readMeanwhile).not.toBeNull();
    expect(statusIn(readMeanwhile as unknown as Answer, 'sba')).toBe(committed);
    // The same revision again, committed this time, with the status unchanged.
    await inTransaction(server.db.dataSource, (manager) => bumpCatalogRevision(manager));
    expect(statusIn(await get(server.url, { query: CATALOG }), 'sba')).toBe(committed);
    expect(statusIn(await get(server.url, { query: CATALOG }), 'sba')).toBe(committed);
  });

  it('keeps nothing for staff, mutations, errors or an applicant’s own application', async () => {
    const editor = await server.signIn('EDITOR');
    const staff = await get(server.url, { query: CATALOG }, { cookie: editor.cookie as string });
    expect(staff.headers.get('cache-control')).toBe('private, no-store');
    expect(staff.headers.get('etag')).toBeNull();
    const again = await get(server.url, { query: CATALOG }, { cookie: editor.cookie as string });
    expect(again.statements).toBeGreaterThan(1);

    const failing = await get(server.url, { query: '{ program(slug: "pcs") { nope } }' });
    expect(failing.status).toBe(400);
    expect(failing.headers.get('etag')).toBeNull();

    const programId = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
    const submitted = await post(server.url, { query: SUBMIT, variables: { input: applicationForm(programId) } });
    expect(submitted.headers.get('cache-control')).toBe('no-store');
    const receipt = JSON.parse(submitted.text).data.submitApplication;
    const track = { query: TRACK, variables: { reference: receipt.reference, token: receipt.accessToken } };
    const tracked = await get(server.url, track);
    expect(tracked.headers.get('cache-control')).toBe('private, no-store');
    expect((await get(server.url, track)).statements).toBeGreaterThan(1);
  });

  it('answers a repeated POST from memory with the very bytes Apollo sends, the budget included', async () => {
    const query = { query: PROGRAM, variables: { slug: 'gateway' } };
    const first = await post(server.url, query);
    const second = await post(server.url, query);
    // Executed: the revision read, and the read model's reads when that revision's model was not built yet.
    expect(first.statements).toBeGreaterThanOrEqual(1);
    expect(second.statements).toBe(1);
    expect(second.text).toBe(first.text);
    expect(JSON.parse(second.text).extensions).toEqual({ cost: expect.any(Object), budget: null });
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
  });

  it('keeps answers apart by the media type asked for', async () => {
    const accept = { accept: 'application/graphql-response+json' };
    const json = await get(server.url, { query: CATALOG });
    const graphqlJson = await get(server.url, { query: CATALOG }, accept);
    const again = await get(server.url, { query: CATALOG }, accept);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(graphqlJson.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(again.headers.get('content-type')).toBe(graphqlJson.headers.get('content-type'));
    expect(again.statements).toBe(1);
  });
});

describe('automatic persisted queries', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  const persisted = (query: string) => ({
    persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
  });

  it('asks for the query on an unknown hash, keeps it once sent, then answers the short GET from the cache', async () => {
    const query = 'query Seeking { programs(filter: { admissionStatus: SEEKING_PARTNERS }) { totalCount } }';
    const miss = await get(server.url, { extensions: persisted(query) });
    expect(JSON.parse(miss.text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.headers.get('cache-control')).toBe('no-store');

    const registered = await get(server.url, { query, extensions: persisted(query) });
    expect(registered.status).toBe(200);
    expect(JSON.parse(registered.text).data.programs.totalCount).toEqual(expect.any(Number));

    const byHash = await get(server.url, { extensions: persisted(query) });
    expect(byHash.status).toBe(200);
    expect(JSON.parse(byHash.text).data).toEqual(JSON.parse(registered.text).data);
    expect(byHash.headers.get('etag')).toBe(registered.headers.get('etag'));
    const repeated = await get(
      server.url,
      { extensions: persisted(query) },
      { 'if-none-match': byHash.headers.get('etag') as string },
    );
    expect(repeated.status).toBe(304);
    expect(repeated.statements).toBe(1);
  });

  it('refuses a hash that does not match the query sent with it', async () => {
    const answer = await get(server.url, { query: '{ __typename }', extensions: persisted('{ categories { slug } }') });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].message).toMatch(/hash/i);
  });
});

describe('cached answers and request budgets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      rateLimit: { windowSeconds: 60, anonymous: 35, apiKey: 1000 },
    });
  });
  afterAll(() => server.close());

  it('spend the cost of the answer from the caller’s budget, then refuse with 429 like any other', async () => {
    const query = { query: '{ categories { slug } }' };
    const first = await get(server.url, query);
    const cost = JSON.parse(first.text).extensions.cost.requested as number;
    // Three answers fit in the budget, a fourth does not.
    expect(cost).toBe(10);
    expect(first.headers.get('ratelimit-remaining')).toBe(String(35 - cost));
    const second = await get(server.url, query);
    expect(second.statements).toBe(1);
    expect(second.headers.get('ratelimit-remaining')).toBe(String(35 - 2 * cost));
    expect(second.text).toBe(first.text);
    // POST answers report the budget in the body too.
    const posted = await post(server.url, query);
    expect(JSON.parse(posted.text).extensions.budget).toMatchObject({ limit: 35, remaining: 35 - 3 * cost });
    const refused = await get(server.url, query);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
