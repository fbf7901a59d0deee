import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The ceiling: the least work an HTTP server in this Node can do to answer the benchmark's
 * requests. It answers GET /graphql?… and POST /graphql with the bytes and content type CertHub
 * gave for the same query, prepared once (reading a POST's body to its end first). CertHub's
 * throughput is reported as a share of this, which makes the figure about CertHub rather than
 * about the machine it ran on.
 *
 * Run as a child of the benchmark: PORT, HOST, CEILING_GET_BODY_FILE, CEILING_POST_BODY_FILE and
 * CEILING_CONTENT_TYPE; with CEILING_PAGE_BODY_FILE and CEILING_PAGE_HEADERS (JSON) it answers
 * `GET /` with the public site's page as CertHub sent it (page-row.ts).
 */
const contentType = requiredEnv('CEILING_CONTENT_TYPE');
const answers = {
  GET: prepared(readFileSync(requiredEnv('CEILING_GET_BODY_FILE'))),
  POST: prepared(readFileSync(requiredEnv('CEILING_POST_BODY_FILE'))),
};

const page = process.env.CEILING_PAGE_BODY_FILE
  ? { body: readFileSync(process.env.CEILING_PAGE_BODY_FILE), headers: JSON.parse(process.env.CEILING_PAGE_HEADERS ?? '{}') }
  : null;
if (page) page.headers['content-length'] = String(page.body.length);

createServer((request, response) => {
  if (page && request.method === 'GET' && request.url === '/') {
    response.writeHead(200, page.headers).end(page.body);
  } else if (request.method === 'GET' && request.url?.startsWith('/graphql?')) {
    response.writeHead(200, answers.GET.headers).end(answers.GET.body);
  } else if (request.method === 'POST' && request.url === '/graphql') {
    // Read the request to its end, as any real server must before answering on a kept-alive connection.
    request.resume();
    request.once('end', () => response.writeHead(200, answers.POST.headers).end(answers.POST.body));
  } else if (request.method === 'GET' && request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } else {
    response.writeHead(404).end();
  }
}).listen(Number(requiredEnv('PORT')), process.env.HOST || '127.0.0.1');

function prepared(body: Buffer) {
  return { body, headers: { 'content-type': contentType, 'content-length': String(body.length) } };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`The ceiling server needs ${name}.`);
  return value;
}
