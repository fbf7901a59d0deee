import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { DEFAULT_API_LIMITS } from './api-policy.js';
import { postGraphQL, tokenCount } from './test-http.js';

const limits = DEFAULT_API_LIMITS;

/** `depth` fields nested in one another, without any list to multiply the cost: first: 0 pages. */
function nested(depth: number): string {
  // programs(1) edges(2) node(3), then labs/programs pairs, then a leaf.
  let inner = 'id';
  let levels = 4;
  const chain: string[] = [];
  while (levels < depth) {
    chain.push(chain.length % 2 === 0 ? 'labs' : 'programs');
    levels++;
  }
  for (const field of chain.reverse()) inner = `${field} { ${inner} }`;
  return `{ programs(first: 0) { edges { node { ${inner} } } } }`;
}

function aliases(count: number): string {
  return `{ ${Array.from({ length: count }, (_, index) => `a${index}: __typename`).join(' ')} }`;
}

function directives(count: number): string {
  return `{ ${Array.from({ length: count }, () => '__typename @include(if: true)').join(' ')} }`;
}

/** A valid document of exactly `tokens` tokens: a long list of statuses. */
function documentOfTokens(tokens: number): string {
  const build = (statuses: number) =>
    `{ programs(filter: { admissionStatus: [${Array(statuses).fill('CLOSED').join(' ')}] }) { totalCount } }`;
  const overhead = tokenCount(build(0));
  const document = build(tokens - overhead);
  expect(tokenCount(document)).toBe(tokens);
  return document;
}

/**
 * A document of exactly `total` cost, from pages of programs: with category, specs and labs a
 * program costs 23 (1 + 1 + 1 + 10 + 10), with its id only 2, and each page 1 more.
 */
function documentOfCost(total: number): string {
  const full = 1 + 23 * 100;
  const parts: string[] = [];
  let rest = total;
  while (rest - full >= 2) {
    parts.push('programs(first: 100) { edges { node { category { id } specs { title } labs { name } } } }');
    rest -= full;
  }
  const rich = Math.floor((rest - 2) / 23);
  const plain = Math.floor((rest - 2 - 23 * rich) / 2);
  parts.push(`programs(first: ${rich}) { edges { node { category { id } specs { title } labs { name } } } }`);
  parts.push(`programs(first: ${plain}) { edges { node { id } } }`);
  if ((rest - 2 - 23 * rich) % 2 === 1) parts.push('programs(first: 0) { totalCount }');
  return `{ ${parts.map((part, index) => `p${index}: ${part}`).join(' ')} }`;
}

describe('limits on every operation (the defaults)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  const post = (query: string) => postGraphQL(server.url, { query });

  it(`allows a depth of ${limits.maxDepth} and refuses ${limits.maxDepth + 1} with QUERY_TOO_DEEP`, async () => {
    const under = await post(nested(limits.maxDepth));
    expect(under.body.errors).toBeUndefined();
    expect(under.status).toBe(200);
    const over = await post(nested(limits.maxDepth + 1));
    expect(over.status).toBe(400);
    expect(over.body.data).toBeUndefined();
    expect(over.body.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_DEEP',
      limit: limits.maxDepth,
      found: limits.maxDepth + 1,
    });
  });

  it(`allows ${limits.maxAliases} aliases and refuses ${limits.maxAliases + 1} with TOO_MANY_ALIASES`, async () => {
    expect((await post(aliases(limits.maxAliases))).body.errors).toBeUndefined();
    const over = await post(aliases(limits.maxAliases + 1));
    expect(over.status).toBe(400);
    expect(over.body.errors[0].extensions).toEqual({
      code: 'TOO_MANY_ALIASES',
      limit: limits.maxAliases,
      found: limits.maxAliases + 1,
    });
  });

  it('counts aliases inside fragments each time they are spread', async () => {
    const fragment = `fragment Names on Query { ${Array.from({ length: 10 }, (_, index) => `n${index}: __typename`).join(' ')} }`;
    expect((await post(`{ ...Names ...Names ... on Query { ...Names } } ${fragment}`)).body.errors).toBeUndefined();
    const over = await post(`{ ...Names ...Names ... on Query { ...Names } x: __typename } ${fragment}`);
    expect(over.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', found: 31 });
  });

  it(`allows ${limits.maxDirectives} directives and refuses ${limits.maxDirectives + 1} with TOO_MANY_DIRECTIVES`, async () => {
    expect((await post(directives(limits.maxDirectives))).body.errors).toBeUndefined();
    const over = await post(directives(limits.maxDirectives + 1));
    expect(over.status).toBe(400);
    expect(over.body.errors[0].extensions).toEqual({
      code: 'TOO_MANY_DIRECTIVES',
      limit: limits.maxDirectives,
      found: limits.maxDirectives + 1,
    });
  });

  it(`allows ${limits.maxTokens} tokens and refuses ${limits.maxTokens + 1} with TOO_MANY_TOKENS`, async () => {
    const under = await post(documentOfTokens(limits.maxTokens));
    expect(under.body.errors).toBeUndefined();
    expect(under.body.data.programs.totalCount).toBeTypeOf('number');
    const over = await post(documentOfTokens(limits.maxTokens + 1));
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([
      {
        message: expect.stringContaining(String(limits.maxTokens)),
        extensions: { code: 'TOO_MANY_TOKENS', limit: limits.maxTokens },
      },
    ]);
  });

  it(`allows an estimated cost of ${limits.maxCost} and refuses ${limits.maxCost + 1} with TOO_COMPLEX`, async () => {
    const under = await post(documentOfCost(limits.maxCost));
    expect(under.body.errors).toBeUndefined();
    expect(under.body.extensions.cost).toEqual({ requested: limits.maxCost, limit: limits.maxCost });
    const over = await post(documentOfCost(limits.maxCost + 1));
    expect(over.status).toBe(400);
    expect(over.body.data).toBeUndefined();
    expect(over.body.errors[0].extensions).toEqual({ code: 'TOO_COMPLEX', limit: limits.maxCost, cost: limits.maxCost + 1 });
  });

  it('multiplies list fields by first, and gives lists without it a fixed estimate', async () => {
    const cost = async (query: string, variables?: Record<string, unknown>) =>
      (await postGraphQL(server.url, { query, variables })).body.extensions.cost.requested;
    expect(await cost('{ __typename }')).toBe(0);
    expect(await cost('{ programs(first: 10) { totalCount } }')).toBe(1);
    expect(await cost('{ programs(first: 10) { edges { node { id } } } }')).toBe(1 + 10 * 2);
    expect(await cost('query ($n: Int) { programs(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    // Left out: the default page (50); more than the largest page counts as the largest (100).
    expect(await cost('{ programs { edges { node { id } } } }')).toBe(1 + 50 * 2);
    const estimate = limits.listEstimate;
    expect(await cost('{ labs { name programs { name } } }')).toBe(estimate * (1 + estimate * 1));
    expect(await cost('{ program(slug: "sip-trunks") { category { name } specs { title } } }')).toBe(1 + 1 + estimate);
  });

  it('answers variables that do not fit the operation with 400, as for any request', async () => {
    const missing = await postGraphQL(server.url, { query: 'query ($n: Int!) { programs(first: $n) { totalCount } }' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a hostile query cheaply: deep, alias-heavy or huge', async () => {
    const started = performance.now();
    const deep = await post(`{ ${'programs(first: 1) { edges { node { labs { '.repeat(300)}id${' } } } }'.repeat(300)} }`);
    expect(deep.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toContain('TOO_MANY_TOKENS');
    const deepWithinTokens = await post(nested(200));
    expect(deepWithinTokens.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', found: 200 });
    const aliasHeavy = await post(aliases(600));
    expect(aliasHeavy.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES' });
    const repeated = await post(`{ ${'__typename '.repeat(1990)} }`);
    expect(repeated.status).toBe(400);
    const huge = await postGraphQL(server.url, { query: `{ ${'__typename '.repeat(1_000_000)} }` });
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].extensions).toEqual({ code: 'REQUEST_TOO_LARGE', limit: limits.maxBodyBytes });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it(`accepts a body of ${limits.maxBodyBytes} bytes and refuses one byte more with 413`, async () => {
    const bodyOf = (bytes: number) => {
      const empty = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - empty.length) } });
    };
    expect(Buffer.byteLength(bodyOf(limits.maxBodyBytes))).toBe(limits.maxBodyBytes);
    const under = await postGraphQL(server.url, bodyOf(limits.maxBodyBytes));
    expect(under.status).toBe(200);
    const over = await postGraphQL(server.url, bodyOf(limits.maxBodyBytes + 1));
    expect(over.status).toBe(413);
    expect(over.body.errors[0].extensions).toEqual({ code: 'REQUEST_TOO_LARGE', limit: limits.maxBodyBytes });
  });

  it('refuses a 10 MB body with 413 and stays healthy', async () => {
    const tenMegabytes = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const refused = await postGraphQL(server.url, tenMegabytes);
    expect(refused.status).toBe(413);
    expect(refused.body.errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await post('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses batched requests with BATCHING_NOT_SUPPORTED', async () => {
    const batch = await postGraphQL(server.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0].extensions.code).toBe('BATCHING_NOT_SUPPORTED');
  });

  it('reports the cost and the budget (none without rate limits) in every answer', async () => {
    const answer = await post('{ categories { name } }');
    expect(answer.body.extensions).toEqual({ cost: { requested: limits.listEstimate, limit: limits.maxCost }, budget: null });
    const refused = await post('{ nope }');
    expect(refused.body.extensions).toEqual({ cost: { requested: null, limit: limits.maxCost }, budget: null });
    const tooLarge = await postGraphQL(server.url, { query: `{ ${'__typename '.repeat(20_000)} }` });
    expect(tooLarge.body.extensions).toEqual({ cost: { requested: null, limit: limits.maxCost }, budget: null });
  });

  it('answers every response with a request id, and keeps a sane one a proxy sent', async () => {
    for (const path of ['/healthz', '/graphql?query=%7B__typename%7D', '/api/costs.json', '/nothing-here.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-request-id'), path).toMatch(/^[\w-]{36}$/);
    }
    const offered = await postGraphQL(server.url, { query: '{ __typename }' }, { 'x-request-id': 'proxy-1234' });
    expect(offered.headers.get('x-request-id')).toBe('proxy-1234');
    const refusedId = await postGraphQL(server.url, { query: '{ __typename }' }, { 'x-request-id': 'bad id with spaces' });
    expect(refusedId.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });

  it('publishes the cost of every field and the limits at /api/costs.json', async () => {
    const costs = (await (await fetch(`${server.url}/api/costs.json`)).json()) as { limits: unknown; fields: unknown[] };
    expect(costs.limits).toEqual(limits);
    expect(costs.fields).toContainEqual({
      type: 'Query',
      field: 'programs',
      cost: 1,
      multiplier: expect.stringContaining('first'),
    });
    expect(costs.fields).toContainEqual({ type: 'Category', field: 'name', cost: 0, multiplier: null });
    expect(costs.fields).toContainEqual({
      type: 'Lab',
      field: 'programs',
      cost: 1,
      multiplier: `(1 + selection) × ${limits.listEstimate} (estimated list size)`,
    });
  });
});

describe('limits set from the configuration', () => {
  it('applies other limits when configured', async () => {
    const server = await startTestServer(undefined, {
      apiLimits: { maxDepth: 3, maxAliases: 1, maxCost: 200, maxBodyBytes: 2048 },
    });
    try {
      expect((await postGraphQL(server.url, { query: '{ categories { programs { id } } }' })).body.errors).toBeUndefined();
      const deep = await postGraphQL(server.url, { query: '{ categories { programs { labs { id } } } }' });
      expect(deep.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 3 });
      const costly = await postGraphQL(server.url, { query: '{ categories { programs { id } } labs { programs { id } } }' });
      expect(costly.body.errors[0].extensions).toEqual({ code: 'TOO_COMPLEX', limit: 200, cost: 220 });
      const large = await postGraphQL(server.url, { query: `{ ${'__typename '.repeat(300)} }` });
      expect(large.body.errors[0].extensions).toEqual({ code: 'REQUEST_TOO_LARGE', limit: 2048 });
    } finally {
      await server.close();
    }
  });
});

describe('errors in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(undefined, { nodeEnv: 'production' });
  });
  afterAll(() => server.close());

  it('suggests no field names and sends no stack trace', async () => {
    const { body } = await postGraphQL(server.url, { query: '{ programz }' });
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.js:\d+/);
    const badArgument = await postGraphQL(server.url, { query: '{ programs(firts: 1) { totalCount } }' });
    expect(badArgument.body.errors[0].message).not.toMatch(/Did you mean/);
  });
});
