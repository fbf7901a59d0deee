import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { DEFAULT_API_LIMITS } from './api-policy.js';
import { postGraphQL } from './test-http.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Costs 1 + 2 × 4 = 9 points. */
const NINE_POINTS = '{ programs(first: 4) { edges { node { id } } } }';

describe('rate limits in memory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      rateLimit: { windowSeconds: 60, anonymous: 30, apiKey: 1000 },
    });
  });
  afterAll(() => server.close());

  it('does not limit signed-in staff', async () => {
    const admin = await server.signIn('ADMIN');
    for (let index = 0; index < 5; index++) {
      const { status, headers, extensions } = await admin.graphql(NINE_POINTS);
      expect(status).toBe(200);
      expect(headers.get('ratelimit-limit')).toBeNull();
      expect(extensions).toEqual({ cost: { requested: 9, limit: DEFAULT_API_LIMITS.maxCost }, budget: null });
    }
  });

  it('spends each answer’s cost from the address’s budget, and answers 429 with Retry-After once it is spent', async () => {
    // Signing the staff member in (above) spent 1 point of this address's 30.
    const first = await postGraphQL(server.url, { query: NINE_POINTS });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('30');
    expect(first.headers.get('ratelimit-remaining')).toBe('20');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
    expect(first.body.extensions).toMatchObject({
      cost: { requested: 9 },
      budget: { limit: 30, remaining: 20, resetAt: expect.any(String) },
    });
    expect((await postGraphQL(server.url, { query: NINE_POINTS })).headers.get('ratelimit-remaining')).toBe('11');
    expect((await postGraphQL(server.url, { query: NINE_POINTS })).headers.get('ratelimit-remaining')).toBe('2');

    // 9 points needed, 2 left: refused; only the request's first point is spent.
    const refused = await postGraphQL(server.url, { query: NINE_POINTS });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('1');
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 30,
      remaining: 1,
      requested: 9,
      retryAfterSeconds: expect.any(Number),
    });

    // A cheap one still fits; then even the first point is refused, before the body is read.
    const cheap = await postGraphQL(server.url, { query: '{ programs(first: 0) { totalCount } }' });
    expect(cheap.status).toBe(200);
    expect(cheap.headers.get('ratelimit-remaining')).toBe('0');
    const broke = await postGraphQL(server.url, { query: '{ __typename }' });
    expect(broke.status).toBe(429);
    expect(broke.headers.get('ratelimit-remaining')).toBe('0');
    expect(broke.headers.get('retry-after')).toBeTruthy();
    expect(broke.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(broke.body.extensions.budget).toMatchObject({ limit: 30, remaining: 0 });
  });
});

describe('rate limits shared by two instances through Redis', () => {
  const keyPrefix = `certhub-test:${randomUUID()}:`;
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    const options = { rateLimit: { windowSeconds: 60, anonymous: 40, apiKey: 1000 }, redis: { url: REDIS_URL, keyPrefix } };
    one = await startTestServer((db) => importSeed(db.dataSource), options);
    two = await startTestServer((db) => importSeed(db.dataSource), options);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('counts a client’s requests to either instance against one budget', async () => {
    const remaining: Array<string | null> = [];
    for (const server of [one, two, one, two]) {
      const response = await postGraphQL(server.url, { query: NINE_POINTS });
      expect(response.status).toBe(200);
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['31', '22', '13', '4']);
    const refused = await postGraphQL(one.url, { query: NINE_POINTS });
    expect(refused.status).toBe(429);
    const refusedToo = await postGraphQL(two.url, { query: NINE_POINTS });
    expect(refusedToo.status).toBe(429);
    // Each refusal spent its first point.
    expect(refusedToo.headers.get('ratelimit-remaining')).toBe('2');
  });
});

describe('rate limits when Redis is unreachable', () => {
  it('fall back to counting in memory rather than refusing or failing requests', async () => {
    const server = await startTestServer(undefined, {
      rateLimit: { windowSeconds: 60, anonymous: 30, apiKey: 1000 },
      redis: { url: 'redis://127.0.0.1:1', keyPrefix: 'certhub-test-unreachable:' },
    });
    try {
      const answered = await postGraphQL(server.url, { query: NINE_POINTS });
      expect(answered.status).toBe(200);
      expect(answered.headers.get('ratelimit-remaining')).toBe('21');
    } finally {
      await server.close();
    }
  }, 20_000);
});

describe('200 concurrent anonymous requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      rateLimit: { windowSeconds: 60, anonymous: 2_000, apiKey: 100_000 },
    });
  });
  afterAll(() => server.close());

  it('are all answered, none with a 5xx, some with 429 once the budget is spent, and the server stays healthy', async () => {
    const query = '{ categories { name programs { name admissionStatus } } }';
    const responses = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: checked field by field below.
        const body = (await response.json()) as any;
        return { status: response.status, body };
      }),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200, 429]));
    // Each costs 110 points: 18 fit in 2,000.
    expect(statuses.filter((status) => status === 200)).toHaveLength(18);
    for (const { status, body } of responses) {
      if (status === 200) expect(body.data.categories.length).toBeGreaterThan(0);
      else expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
