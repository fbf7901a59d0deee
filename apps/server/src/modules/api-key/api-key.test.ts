import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../../platform/api/test-http.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';

const CREATE = `mutation ($name: String!, $quota: Int) {
  createApiKey(name: $name, quota: $quota) { key apiKey { id name prefix quota createdAt lastUsedAt requestCount revokedAt } }
}`;
const LIST = '{ apiKeys { id name prefix quota lastUsedAt requestCount revokedAt } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';

interface Created {
  createApiKey: { key: string; apiKey: { id: string; name: string; prefix: string; quota: number | null; requestCount: number } };
}

describe('API keys', () => {
  let server: TestServer;
  let admin: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      rateLimit: { windowSeconds: 60, anonymous: 20, apiKey: 500 },
    });
    admin = await server.signIn('ADMIN');
  });
  afterAll(() => server.close());

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('are created by an admin for a named third party, shown once, stored hashed with a visible prefix', async () => {
    const { body } = await admin.graphql<Created>(CREATE, { name: 'Partner Directory' });
    const created = body.data?.createApiKey;
    expect(created?.key).toMatch(/^chk_[\w-]{32}$/);
    expect(created?.apiKey).toMatchObject({ name: 'Partner Directory', quota: null, requestCount: 0 });
    expect(created?.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(created?.apiKey.prefix).toHaveLength(12);

    const stored = await server.db.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ name: 'Partner Directory' });
    expect(JSON.stringify(stored)).not.toContain(created?.key);
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await admin.graphql<{ apiKeys: Array<Record<string, unknown>> }>(LIST);
    expect(JSON.stringify(listed.body)).not.toContain(created?.key);
    expect(listed.body.data?.apiKeys).toContainEqual(
      expect.objectContaining({ name: 'Partner Directory', prefix: stored.prefix }),
    );
    const audit = await server.db.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'api-key-created' });
    expect(audit.summary).toContain('Partner Directory');
    expect(JSON.stringify(audit)).not.toContain(created?.key);
  });

  it('identify the client with Authorization: Bearer, with a higher quota, counting uses', async () => {
    const { body } = await admin.graphql<Created>(CREATE, { name: 'Procurement tool' });
    const key = body.data?.createApiKey.key as string;
    const answered = await postGraphQL(server.url, { query: '{ categories { name } }' }, bearer(key));
    expect(answered.status).toBe(200);
    expect(answered.body.data.categories.length).toBeGreaterThan(0);
    expect(answered.headers.get('ratelimit-limit')).toBe('500');
    expect(answered.body.extensions.budget).toMatchObject({ limit: 500, remaining: 490 });
    // Anonymous clients from the same address have their own, smaller budget.
    const anonymous = await postGraphQL(server.url, { query: '{ categories { name } }' });
    expect(anonymous.headers.get('ratelimit-limit')).toBe('20');
    await postGraphQL(server.url, { query: '{ __typename }' }, bearer(key));

    const listed = await admin.graphql<{ apiKeys: Array<{ name: string; requestCount: number; lastUsedAt: string | null }> }>(
      LIST,
    );
    const used = listed.body.data?.apiKeys.find((apiKey) => apiKey.name === 'Procurement tool');
    expect(used?.requestCount).toBe(2);
    expect(Date.now() - Date.parse(used?.lastUsedAt as string)).toBeLessThan(60_000);
  });

  it('take a quota of their own, and are refused with 429 past it', async () => {
    const { body } = await admin.graphql<Created>(CREATE, { name: 'Small lab', quota: 15 });
    const key = body.data?.createApiKey.key as string;
    const first = await postGraphQL(server.url, { query: '{ categories { name } }' }, bearer(key));
    expect(first.headers.get('ratelimit-limit')).toBe('15');
    expect(first.headers.get('ratelimit-remaining')).toBe('5');
    const refused = await postGraphQL(server.url, { query: '{ categories { name } }' }, bearer(key));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 15 });
  });

  it('give read access only: no mutation, no staff rights even beside a staff cookie', async () => {
    const { body } = await admin.graphql<Created>(CREATE, { name: 'Reader' });
    const key = body.data?.createApiKey.key as string;
    const mutation = await postGraphQL(server.url, { query: 'mutation { logout }' }, bearer(key));
    expect(mutation.status).toBe(403);
    expect(mutation.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const staffQuery = await postGraphQL(server.url, { query: LIST }, { ...bearer(key), cookie: admin.cookie as string });
    expect(staffQuery.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const me = await postGraphQL(server.url, { query: '{ me { email } }' }, { ...bearer(key), cookie: admin.cookie as string });
    expect(me.body.data.me).toBeNull();
  });

  it('stop working at once when revoked, and unknown or malformed keys are refused with 401', async () => {
    const { body } = await admin.graphql<Created>(CREATE, { name: 'Former partner' });
    const created = body.data?.createApiKey;
    const key = created?.key as string;
    expect((await postGraphQL(server.url, { query: '{ __typename }' }, bearer(key))).status).toBe(200);
    const revoked = await admin.graphql<{ revokeApiKey: { revokedAt: string | null } }>(REVOKE, { id: created?.apiKey.id });
    expect(revoked.body.data?.revokeApiKey.revokedAt).toBeTruthy();
    const refused = await postGraphQL(server.url, { query: '{ __typename }' }, bearer(key));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const unknown = await postGraphQL(server.url, { query: '{ __typename }' }, bearer(`chk_${'x'.repeat(32)}`));
    expect(unknown.status).toBe(401);
    const malformed = await postGraphQL(server.url, { query: '{ __typename }' }, { authorization: 'Basic abc' });
    expect(malformed.status).toBe(401);
    const listed = await admin.graphql<{ apiKeys: Array<{ name: string; revokedAt: string | null }> }>(LIST);
    expect(listed.body.data?.apiKeys.find((apiKey) => apiKey.name === 'Former partner')?.revokedAt).toBeTruthy();
    expect(await server.db.dataSource.getRepository(AuditEventEntity).countBy({ action: 'api-key-revoked' })).toBe(1);
  });

  it('refuse a name or a quota out of range', async () => {
    const blank = await admin.graphql(CREATE, { name: '  ' });
    expect(blank.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const zero = await admin.graphql(CREATE, { name: 'Zero', quota: 0 });
    expect(zero.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quota' });
  });
});
