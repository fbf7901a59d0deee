import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCertHubSchema } from '../../schema/build-schema.js';
import { costEstimator } from './query-cost.js';
import { inspectJson, parseRequestBody } from './request-json.js';

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('request JSON, checked before anything recursive reads it', () => {
  it('bounds nesting below the outer levels, however deep the text goes', () => {
    expect(inspectJson(`{"a":${deep(3)}}`, 4, 'variables')).toBeNull();
    expect(inspectJson(`{"a":${deep(4)}}`, 4, 'variables')).toMatchObject({ code: 'VARIABLES_TOO_DEEP', limit: 4 });
    expect(inspectJson(`{"variables":{"a":${deep(3)}}}`, 4, 'body', 1)).toBeNull();
    expect(inspectJson(`{"a":${deep(100_000)}}`, 32, 'variables')).toMatchObject({ code: 'VARIABLES_TOO_DEEP' });
  });

  it('reads brackets and braces inside strings as text', () => {
    expect(inspectJson(`{"a":"${'['.repeat(100)}\\"{"}`, 2, 'variables')).toBeNull();
  });

  it('refuses a key twice in one object, escaped or not, and allows it in two objects', () => {
    expect(inspectJson('{"a":1,"a":2}', 4, 'variables')).toMatchObject({ code: 'BAD_REQUEST' });
    expect(inspectJson('{"a":1,"\\u0061":2}', 4, 'variables')?.message).toContain('"a" twice');
    expect(inspectJson('{"a":{"a":1},"b":[{"a":1},{"a":2}]}', 4, 'variables')).toBeNull();
    // A value equal to a key is not a key.
    expect(inspectJson('{"a":"a","b":["a","a"]}', 4, 'variables')).toBeNull();
  });

  it('refuses the NUL character, escaped, but not an escaped backslash before "u0000"', () => {
    expect(inspectJson('{"a":"x\\u0000"}', 4, 'variables')).toMatchObject({ code: 'BAD_REQUEST' });
    expect(inspectJson('{"a":"x\\\\u0000"}', 4, 'variables')).toBeNull();
  });

  it('parses a body only when it is UTF-8 and an object', () => {
    expect(parseRequestBody(Buffer.from('{"query":"{ a }"}'), 4)).toEqual({ value: { query: '{ a }' } });
    expect(parseRequestBody(Buffer.from([0x7b, 0xff, 0x7d]), 4)).toMatchObject({ problem: { message: /UTF-8/ } });
    expect(parseRequestBody(Buffer.from('"text"'), 4)).toMatchObject({ problem: { message: /JSON object/ } });
    expect(parseRequestBody(Buffer.from('{"query":'), 4)).toMatchObject({ problem: { message: /not valid JSON/ } });
  });

  it('the cost estimate refuses variables too deep as a GraphQL error, not a stack overflow', async () => {
    const estimator = costEstimator(await buildCertHubSchema(), 10, { maxVariablesDepth: 8 });
    const document = parse('query ($first: Int) { programs(first: $first) { totalCount } }');
    let nested: unknown = 1;
    for (let level = 0; level < 20_000; level++) nested = [nested];
    expect(() => estimator.cachedCostOf('hash', document, null, { first: nested })).toThrow(
      expect.objectContaining({ extensions: { code: 'VARIABLES_TOO_DEEP', limit: 8 } }),
    );
    expect(estimator.cachedCostOf('hash', document, null, { first: 5 })).toBe(1);
  });
});
