import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../test/server-process.js';
import { createEmptyDatabase } from '../../test/test-database.js';
import { DEFAULT_API_LIMITS } from './api-policy.js';

const FIRST = 'query ($first: Int) { programs(first: $first) { totalCount } }';
const BY_SLUG = 'query ($slug: String!) { program(slug: $slug) { id } }';
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const { maxBodyBytes, maxVariablesDepth } = DEFAULT_API_LIMITS;

interface Answer {
  status: number;
  body: string;
}

/**
 * Bytes written to the server as they are, on a connection of their own: what no well-behaved
 * client (fetch) would send. The server closes the connection after answering (Connection: close).
 */
function rawRequest(port: number, bytes: Buffer | string): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer and close before it read everything sent (413): what came back counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: rest.join('\r\n\r\n') });
    });
    socket.write(bytes);
  });
}

const postRaw = (body: Buffer | string, contentType = 'application/json') =>
  Buffer.concat([
    Buffer.from(
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    ),
    Buffer.from(body),
  ]);

interface HostileRequest {
  name: string;
  send: (server: ServerProcess) => Promise<Answer>;
  status: number;
  code: string;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, body: await response.text() };
}

const post =
  (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  (server: ServerProcess) =>
    fetch(`${server.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
      answerOf,
    );
const postJson = (payload: unknown) => post(JSON.stringify(payload));
const get =
  (search: string, headers: Record<string, string> = {}) =>
  (server: ServerProcess) =>
    fetch(`${server.origin}/graphql?${search}`, { headers }).then(answerOf);
const raw = (bytes: Buffer | string) => (server: ServerProcess) => rawRequest(Number(new URL(server.origin).port), bytes);

const HOSTILE: HostileRequest[] = [
  {
    name: 'variables nesting 10,000 arrays deep (POST)',
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"first":${nestedArrays(10_000)}}}`),
    status: 400,
    code: 'VARIABLES_TOO_DEEP',
  },
  {
    name: 'an undeclared variable nesting 10,000 arrays deep',
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"other":${nestedArrays(10_000)}}}`),
    status: 400,
    code: 'VARIABLES_TOO_DEEP',
  },
  {
    name: `variables one level deeper than MAX_VARIABLES_DEPTH (${maxVariablesDepth})`,
    // The variables object is the first level.
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"other":${nestedArrays(maxVariablesDepth)}}}`),
    status: 400,
    code: 'VARIABLES_TOO_DEEP',
  },
  {
    name: 'extensions nesting 10,000 arrays deep',
    send: post(`{"query":${JSON.stringify(FIRST)},"extensions":{"x":${nestedArrays(10_000)}}}`),
    status: 400,
    code: 'VARIABLES_TOO_DEEP',
  },
  {
    name: 'GET variables nesting 1,000 arrays deep',
    send: get(`query=${encodeURIComponent(FIRST)}&variables=${encodeURIComponent(`{"x":${nestedArrays(1_000)}}`)}`),
    status: 400,
    code: 'VARIABLES_TOO_DEEP',
  },
  {
    name: '1e400 for an Int',
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"first":1e400}}`),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: '2^64 for an Int',
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"first":18446744073709551616}}`),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a number of 5,000 digits for an Int',
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"first":${'9'.repeat(5_000)}}}`),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: '2^64 written in the query',
    send: postJson({ query: '{ programs(first: 18446744073709551616) { totalCount } }' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a body that is not UTF-8',
    send: post(
      Buffer.concat([
        Buffer.from(`{"query":${JSON.stringify(BY_SLUG)},"variables":{"slug":"`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}}'),
      ]),
    ),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a query string percent-encoding bytes that are not UTF-8',
    send: get(`query=${encodeURIComponent(BY_SLUG)}&variables=%7B%22slug%22%3A%22%FF%FE%22%7D`),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'bytes a URL may not hold in the request line',
    send: raw(Buffer.from('GET /graphql?query=\xff\xfe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 'latin1')),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a key twice in the body',
    send: post('{"query":"{ __typename }","query":"mutation { logout }"}'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a key twice in the variables, one escaped',
    send: post(`{"query":${JSON.stringify(FIRST)},"variables":{"first":1,"\\u0066irst":2}}`),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a key twice in GET variables',
    send: get(`query=${encodeURIComponent(FIRST)}&variables=${encodeURIComponent('{"first":1,"first":2}')}`),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a header of 20 KB',
    send: get(`query=${encodeURIComponent('{ __typename }')}`, { 'x-padding': 'a'.repeat(20_000) }),
    status: 431,
    code: 'REQUEST_HEADERS_TOO_LARGE',
  },
  {
    name: 'a GET URL of 20 KB (a long string variable)',
    send: get(
      `query=${encodeURIComponent(BY_SLUG)}&variables=${encodeURIComponent(JSON.stringify({ slug: 'a'.repeat(20_000) }))}`,
    ),
    status: 431,
    code: 'REQUEST_HEADERS_TOO_LARGE',
  },
  {
    name: 'a chunked body over MAX_BODY_BYTES (a long string variable)',
    send: raw(
      (() => {
        const body = JSON.stringify({ query: BY_SLUG, variables: { slug: 'a'.repeat(2 * maxBodyBytes) } });
        return `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      })(),
    ),
    status: 413,
    code: 'REQUEST_TOO_LARGE',
  },
  {
    name: 'a body over MAX_BODY_BYTES with its length',
    send: raw(postRaw(JSON.stringify({ query: BY_SLUG, variables: { slug: 'a'.repeat(2 * maxBodyBytes) } }))),
    status: 413,
    code: 'REQUEST_TOO_LARGE',
  },
  { name: 'a body that is a JSON string', send: post('"{ __typename }"'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a body that is a JSON number', send: post('42'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a body that is JSON null', send: post('null'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a body that is not JSON', send: post('{"query": '), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'a body that is a list (a batch)',
    send: postJson([{ query: '{ __typename }' }]),
    status: 400,
    code: 'BATCHING_NOT_SUPPORTED',
  },
  { name: 'variables that are a list', send: postJson({ query: FIRST, variables: [1] }), status: 400, code: 'BAD_REQUEST' },
  { name: 'variables that are a string', send: postJson({ query: FIRST, variables: '{}' }), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'GET variables that are a number',
    send: get(`query=${encodeURIComponent(FIRST)}&variables=42`),
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'extensions that are a number', send: postJson({ query: FIRST, extensions: 5 }), status: 400, code: 'BAD_REQUEST' },
  { name: 'a NUL byte in the query', send: postJson({ query: '{ __typename }\u0000' }), status: 400, code: 'BAD_REQUEST' },
  { name: 'a NUL byte in a GET query', send: get('query=%7B__typename%00%7D'), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'a NUL byte in a string variable',
    send: postJson({ query: BY_SLUG, variables: { slug: 'ip-phones\u0000' } }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a NUL character escaped in a GraphQL string',
    send: postJson({ query: '{ program(slug: "ip-phones\\u0000") { id } }' }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a page path that does not decode (the public site)',
    send: (server) => fetch(`${server.origin}/%E0%A4%A`).then(answerOf),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a page path that does not decode (the console)',
    send: (server) => fetch(`${server.origin}/admin/%ff`).then(answerOf),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a body in another charset',
    send: post('{"query":"{ __typename }"}', { 'content-type': 'application/json; charset=latin1' }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a body that is not JSON by its type',
    send: post('query={ __typename }', { 'content-type': 'application/x-www-form-urlencoded' }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
];

/**
 * Hostile and malformed requests against the built server as operators run it (production
 * mode): each is refused with a 4xx, a GraphQL error with a stable code, and nothing in the log
 * that reads as a fault of ours; the server answers normally afterwards.
 */
describe('hostile requests (production build)', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    server = await startServerProcess(database.url, { NODE_ENV: 'production', LOG_LEVEL: 'info' });
  }, 120_000);
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
    await database.drop();
  });

  for (const request of HOSTILE) {
    it(`refuses ${request.name} with ${request.status} ${request.code}`, async () => {
      const answer = await request.send(server);
      expect(answer.status).toBe(request.status);
      const body = JSON.parse(answer.body) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]?.extensions.code).toBe(request.code);
      expect(body.errors[0]?.message).toMatch(/\w/);
      expect(body.errors[0]?.message).not.toMatch(/internal/i);
    });
  }

  it('answers ordinary input as before: a long string within the body limit, and a plain query', async () => {
    const long = await postJson({ query: BY_SLUG, variables: { slug: 'a'.repeat(maxBodyBytes - 1_000) } })(server);
    expect(long.status).toBe(200);
    expect(JSON.parse(long.body).data).toEqual({ program: null });
    const plain = await get(`query=${encodeURIComponent(FIRST)}&variables=${encodeURIComponent('{"first":1}')}`)(server);
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body).data.programs.totalCount).toBeGreaterThan(0);
  });

  it('logged none of them as an internal error, and every request line has a status under 500', async () => {
    // Request log lines are written at least every second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const output = server.output.join('');
    expect(output).not.toMatch(/Unexpected error|INTERNAL_SERVER_ERROR|RangeError|Maximum call stack|"level":50/);
    expect(output).not.toMatch(/^\s+at /m);
    const statuses = output
      .split('\n')
      .filter((line) => line.startsWith('{"level":30') && line.includes('"path":"/graphql"'))
      .map((line) => (JSON.parse(line) as { status: number }).status);
    expect(statuses.length).toBeGreaterThan(HOSTILE.length / 2);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
