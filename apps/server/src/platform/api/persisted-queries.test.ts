import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { postGraphQL } from './test-http.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMITS = { maxEntries: 3, maxQueryBytes: 300 };

const persisted = (query: string) => ({
  persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
});
/** Nested deeper than the default MAX_DEPTH (10), with no list to cost. */
const TOO_DEEP = `{ programs(first: 0) { edges { node { labs { programs { labs { programs { labs { programs { labs { id } } } } } } } } } } }`;

/** The same checks on each store: in this process's memory, and in Redis (shared by instances). */
for (const store of ['memory', 'redis'] as const) {
  describe(`automatic persisted queries, bounded (${store})`, () => {
    const keyPrefix = `certhub-test-apq-${randomBytes(4).toString('hex')}:`;
    let server: TestServer;
    const register = (query: string) => postGraphQL(server.url, { query, extensions: persisted(query) });
    const byHash = (query: string) => postGraphQL(server.url, { extensions: persisted(query) });

    beforeAll(async () => {
      server = await startTestServer(undefined, {
        // Off, so that every answer below comes from the persisted-query store.
        responseCacheEntries: 0,
        persistedQueries: LIMITS,
        redis: store === 'redis' ? { url: REDIS_URL, keyPrefix } : null,
      });
    });
    afterAll(async () => {
      await server.close();
      if (store === 'redis') {
        const redis = new Redis(REDIS_URL);
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    });

    it('knows a registered hash, and keeps only the most recent registrations past the cap', async () => {
      const queries = Array.from({ length: LIMITS.maxEntries + 2 }, (_, index) => `{ q${index}: __typename }`);
      for (const query of queries) expect((await register(query)).status).toBe(200);
      // Registration happens after the answer is sent: give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const last = await byHash(queries[queries.length - 1] as string);
      expect(last.body.data).toEqual({ [`q${queries.length - 1}`]: 'Query' });
      expect((await byHash(queries[0] as string)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await byHash(queries[1] as string)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      if (store === 'redis') {
        const redis = new Redis(REDIS_URL);
        try {
          expect(await redis.zcard(`${keyPrefix}apq:index`)).toBe(LIMITS.maxEntries);
          expect(await redis.keys(`${keyPrefix}apq:apq:*`)).toHaveLength(LIMITS.maxEntries);
        } finally {
          await redis.quit();
        }
      }
    });

    it('answers a query longer than the size kept, but does not keep it', async () => {
      const long = `{ long: __typename ${' '.repeat(LIMITS.maxQueryBytes)}}`;
      expect((await register(long)).body.data).toEqual({ long: 'Query' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await byHash(long)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('never keeps a document that failed the limits', async () => {
      const refused = await register(TOO_DEEP);
      expect(refused.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await byHash(TOO_DEEP)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });
}
