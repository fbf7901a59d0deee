import { randomUUID } from 'node:crypto';
import { WHOLE_CATALOG_QUERY } from '@certhub/domain/whole-catalog-query';

/** One request the benchmark sends over and over, byte for byte the same from the probe and from autocannon. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What a successful answer's status is: 200, or 304 for a conditional request whose answer has not changed. */
  status: 200 | 304;
  /** Each request replaces this text of the body with a value never sent before (fresh variables). */
  freshMarker?: string;
}

// An explicit Accept: fetch would otherwise send */* and autocannon nothing, and Apollo chooses the
// response's content type from it.
const ACCEPT = { accept: 'application/json' };

/** The whole catalogue as a GET: what HTTP caches, mirrors and the response cache's fastest path serve. */
export const WHOLE_CATALOG_GET: BenchRequest = {
  method: 'GET',
  path: `/graphql?${new URLSearchParams({ query: WHOLE_CATALOG_QUERY })}`,
  headers: ACCEPT,
  status: 200,
};

/** The same query as a POST, as the web apps send it. */
export const WHOLE_CATALOG_POST: BenchRequest = {
  method: 'POST',
  path: '/graphql',
  headers: { ...ACCEPT, 'content-type': 'application/json' },
  body: JSON.stringify({ query: WHOLE_CATALOG_QUERY }),
  status: 200,
};

/** The text `WHOLE_CATALOG_FRESH_POST` replaces with a new value in every request. */
export const FRESH_MARKER = '__FRESH__';

/**
 * The whole catalogue again, with one lookup by a variable whose value is new in every request
 * (a program slug no program has): no cached answer ever fits, so each runs the executed path,
 * as a query with new variables does.
 */
export const WHOLE_CATALOG_FRESH_POST: BenchRequest = {
  method: 'POST',
  path: '/graphql',
  headers: { ...ACCEPT, 'content-type': 'application/json' },
  body: JSON.stringify({
    query: `query WholeCatalogueAndOne($slug: String!) ${WHOLE_CATALOG_QUERY.replace(/}\s*$/, '  lookup: program(slug: $slug) { id }\n}')}`,
    variables: { slug: FRESH_MARKER },
  }),
  status: 200,
  freshMarker: FRESH_MARKER,
};

/** `request` with more headers: an API key, a session cookie. */
export function withHeaders(request: BenchRequest, headers: Record<string, string>): BenchRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

/** The body of one request: its fresh marker, if any, replaced by a value never used before. */
export function freshBody(request: BenchRequest): string | undefined {
  if (!request.freshMarker || !request.body) return request.body;
  return request.body.replaceAll(request.freshMarker, `probe-${randomUUID()}`);
}

/** The GET again, from a client that holds the answer: `If-None-Match` with its ETag, answered 304. */
export function conditionalGet(etag: string): BenchRequest {
  return { ...WHOLE_CATALOG_GET, headers: { ...WHOLE_CATALOG_GET.headers, 'if-none-match': etag }, status: 304 };
}

/** One answer to the whole-catalogue query, looked at closely. */
export interface ProbeResult {
  body: Buffer;
  contentType: string;
  etag: string | null;
  /** From the `x-sql-statements` header; null when the server does not send it (the ceiling). */
  statements: number | null;
  programs: number;
}

interface WholeCatalogResponse {
  data?: { categories?: Array<{ programs: unknown[] }> } | null;
  errors?: Array<{ message: string }>;
}

/**
 * Sends the request once, outside any load, and fails loudly unless the answer is a whole
 * catalogue (or, for a conditional request, a 304). Only the probe asks for the statement count:
 * counting tracks every promise of a request, which would slow the measured load down.
 */
export async function probeWholeCatalog(name: string, origin: string, request: BenchRequest): Promise<ProbeResult> {
  const response = await fetch(`${origin}${request.path}`, {
    method: request.method,
    // fetch would ask for gzip of its own accord (a compressed answer has its own ETag): as autocannon, which asks for none.
    headers: { 'accept-encoding': 'identity', ...request.headers, 'x-count-sql': 'true' },
    body: freshBody(request),
  });
  const body = Buffer.from(await response.arrayBuffer());
  const text = body.toString('utf8');
  if (response.status !== request.status) {
    throw new Error(
      `${name} answered ${request.method} ${request.path.slice(0, 40)}… with ${response.status}: ${text.slice(0, 500)}`,
    );
  }
  const statements = response.headers.get('x-sql-statements');
  const result = {
    body,
    contentType: response.headers.get('content-type') ?? 'application/json',
    etag: response.headers.get('etag'),
    statements: statements === null ? null : Number(statements),
    programs: 0,
  };
  if (request.status === 304) return result;
  const json = JSON.parse(text) as WholeCatalogResponse;
  if (json.errors?.length) {
    throw new Error(`${name} answered the whole-catalogue query with errors: ${json.errors.map((e) => e.message).join('; ')}`);
  }
  result.programs = json.data?.categories?.reduce((sum, category) => sum + category.programs.length, 0) ?? 0;
  return result;
}
