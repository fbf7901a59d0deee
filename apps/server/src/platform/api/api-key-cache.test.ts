import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/data-source.js';
import { ApiKeyEntity } from '../../modules/api-key/api-key.entity.js';
import { ApiKeyService } from '../../modules/api-key/api-key.service.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

/** The program list reads the database on a miss (the read model serves categories, labs and program pages), so a miss and a hit differ in statements. */
const CATALOGUE = 'query Catalogue { programs(first: 20) { edges { node { slug name admissionStatus version } } } }';
/** `internalNotes` is staff-only (`@RequireRole`, not in schema/public-fields.json). */
const WITH_STAFF_FIELD = '{ programs(first: 5) { edges { node { slug internalNotes } } } }';
const CREATE = 'mutation ($name: String!, $quota: Int) { createApiKey(name: $name, quota: $quota) { key apiKey { id } } }';
const LIST = '{ apiKeys { name requestCount } }';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  statements: number;
}

async function send(url: string, method: 'GET' | 'POST', query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const search = method === 'GET' ? `?${new URLSearchParams({ query })}` : '';
  const response = await fetch(`${url}/graphql${search}`, {
    method,
    headers: { 'x-count-sql': 'true', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers },
    body: method === 'POST' ? JSON.stringify({ query }) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    statements: Number(response.headers.get('x-sql-statements')),
  };
}

/** A POST answer without `extensions.budget`, which is the caller's own. */
function withoutBudget(text: string): unknown {
  const { extensions, ...rest } = JSON.parse(text) as { extensions?: Record<string, unknown> };
  const { budget: _budget, ...others } = extensions ?? {};
  return { ...rest, extensions: others };
}

describe('API-key clients and the response cache', () => {
  let server: TestServer;
  let admin: TestClient;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const createKey = async (name: string, quota?: number) => {
    const { body } = await admin.graphql<{ createApiKey: { key: string; apiKey: { id: string } } }>(CREATE, { name, quota });
    const created = body.data?.createApiKey;
    if (!created) throw new Error(`No key: ${JSON.stringify(body.errors)}`);
    return created;
  };

  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      rateLimit: { windowSeconds: 60, anonymous: 1_000, apiKey: 1_000 },
    });
    admin = await server.signIn('ADMIN');
  });
  afterAll(() => server.close());

  it('get the anonymous answer’s bytes from the same entry, GET and POST, whoever asked first', async () => {
    const { key } = await createKey('Shared reader');
    for (const method of ['GET', 'POST'] as const) {
      const anonymous = await send(server.url, method, CATALOGUE);
      expect(anonymous.statements).toBeGreaterThan(1);
      const keyed = await send(server.url, method, CATALOGUE, bearer(key));
      expect(keyed.status).toBe(200);
      expect(keyed.statements).toBe(1);
      if (method === 'GET') expect(keyed.text).toBe(anonymous.text);
      else expect(withoutBudget(keyed.text)).toEqual(withoutBudget(anonymous.text));
    }
    // Asked first with the key, then anonymously: the entry has no key in it.
    const query = '{ programs(first: 3) { edges { node { slug name } } } }';
    const keyedFirst = await send(server.url, 'GET', query, bearer(key));
    expect(keyedFirst.statements).toBeGreaterThan(1);
    const anonymousAfter = await send(server.url, 'GET', query);
    expect(anonymousAfter.statements).toBe(1);
    expect(anonymousAfter.text).toBe(keyedFirst.text);
  });

  it('keep private caching headers for the key’s answers, public for anonymous ones', async () => {
    const { key } = await createKey('Private headers');
    await send(server.url, 'GET', CATALOGUE);
    const anonymous = await send(server.url, 'GET', CATALOGUE);
    const keyed = await send(server.url, 'GET', CATALOGUE, bearer(key));
    expect(anonymous.headers.get('cache-control')).toMatch(/^public,/);
    expect(keyed.statements).toBe(1);
    expect(keyed.headers.get('cache-control')).toMatch(/^private,/);
    expect(keyed.headers.get('cache-control')).not.toMatch(/public/);
    expect(keyed.headers.get('etag')).toBe(anonymous.headers.get('etag'));
    // The key's budget, in its headers; the anonymous answer's carried the address's.
    expect(keyed.headers.get('ratelimit-limit')).toBe('1000');
  });

  it('charge the key’s budget and count its use on every request, cached or not', async () => {
    const { key } = await createKey('Counted');
    const answers: Answer[] = [];
    for (let index = 0; index < 4; index++) answers.push(await send(server.url, 'POST', CATALOGUE, bearer(key)));
    const cost = JSON.parse(answers[0]?.text ?? '{}').extensions.cost.requested as number;
    expect(cost).toBeGreaterThan(1);
    expect(answers.slice(1).every((answer) => answer.statements === 1)).toBe(true);
    expect(answers.map((answer) => Number(answer.headers.get('ratelimit-remaining')))).toEqual(
      [1, 2, 3, 4].map((requests) => 1_000 - requests * cost),
    );
    expect(JSON.parse(answers[3]?.text ?? '{}').extensions.budget).toMatchObject({ limit: 1_000, remaining: 1_000 - 4 * cost });
    const listed = await admin.graphql<{ apiKeys: Array<{ name: string; requestCount: number }> }>(LIST);
    expect(listed.body.data?.apiKeys.find((apiKey) => apiKey.name === 'Counted')?.requestCount).toBe(4);
  });

  it('refuse a key over its quota with 429 even when the answer is kept', async () => {
    const cost = JSON.parse((await send(server.url, 'GET', CATALOGUE)).text).extensions.cost.requested as number;
    const { key } = await createKey('Small quota', 2 * cost);
    // Creating a key moved the revision: kept again, anonymously.
    await send(server.url, 'GET', CATALOGUE);
    const served = [await send(server.url, 'GET', CATALOGUE, bearer(key)), await send(server.url, 'GET', CATALOGUE, bearer(key))];
    expect(served.map((answer) => [answer.status, answer.statements])).toEqual([
      [200, 1],
      [200, 1],
    ]);
    const refused = await send(server.url, 'GET', CATALOGUE, bearer(key));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 2 * cost });
    // Anonymous callers still get the kept answer.
    expect((await send(server.url, 'GET', CATALOGUE)).statements).toBe(1);
  });

  it('refuse a remembered key at once once revoked, here or by another process', async () => {
    const here = await createKey('Revoked here');
    expect((await send(server.url, 'GET', CATALOGUE, bearer(here.key))).status).toBe(200);
    await admin.graphql('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: here.apiKey.id });
    expect((await send(server.url, 'GET', CATALOGUE, bearer(here.key))).status).toBe(401);

    const elsewhere = await createKey('Revoked elsewhere');
    expect((await send(server.url, 'GET', CATALOGUE, bearer(elsewhere.key))).status).toBe(200);
    expect((await send(server.url, 'GET', CATALOGUE, bearer(elsewhere.key))).statements).toBe(1);
    const otherProcess = await openDatabase(server.db.url);
    try {
      const { id } = await otherProcess.getRepository(ApiKeyEntity).findOneByOrFail({ name: 'Revoked elsewhere' });
      await new ApiKeyService(otherProcess).revoke(id, { actor: 'test', actorId: null, requestId: null });
    } finally {
      await otherProcess.destroy();
    }
    const refused = await send(server.url, 'GET', CATALOGUE, bearer(elsewhere.key));
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('look a bad key up once per request, and answer 401 from that', async () => {
    const unknown = `chk_${'x'.repeat(32)}`;
    const finds = vi.spyOn(server.services.apiKeys, 'find');
    try {
      for (const method of ['GET', 'POST'] as const) {
        finds.mockClear();
        const refused = await send(server.url, method, CATALOGUE, bearer(unknown));
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
        expect(finds).toHaveBeenCalledTimes(1);
      }
    } finally {
      finds.mockRestore();
    }
  });

  it('never keep answers with staff-only fields: staff sessions run each time, keys and anonymous get errors', async () => {
    const editor = await server.signIn('EDITOR');
    const first = await editor.graphql(WITH_STAFF_FIELD);
    const again = await editor.graphql(WITH_STAFF_FIELD);
    expect(first.body.errors).toBeUndefined();
    expect(Number(again.headers.get('x-sql-statements'))).toBeGreaterThan(1);
    expect(again.headers.get('cache-control')).toBe('private, no-store');
    const { key } = await createKey('Curious');
    for (const headers of [bearer(key), {}]) {
      const refused = await send(server.url, 'GET', WITH_STAFF_FIELD, headers);
      expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(refused.text).not.toContain('internalNotes":"');
    }
    // And a staff session reading public fields only is not served another caller's kept answer.
    await send(server.url, 'GET', CATALOGUE);
    const staffCatalogue = await editor.graphql(CATALOGUE);
    expect(Number(staffCatalogue.headers.get('x-sql-statements'))).toBeGreaterThan(1);
  });
});
