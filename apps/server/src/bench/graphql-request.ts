import { WHOLE_CATALOGUE_QUERY } from './whole-catalogue-query.js';

/** The one request the benchmark sends, byte for byte the same from the probe and from autocannon. */
export const REQUEST_BODY = JSON.stringify({ query: WHOLE_CATALOGUE_QUERY });
// An explicit Accept: fetch would otherwise send */* and autocannon nothing, and Apollo chooses the
// response's content type from it.
export const REQUEST_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
// Only the probe asks for the statement count: counting tracks every promise of a request, which
// would slow the measured load down.
const PROBE_HEADERS = { ...REQUEST_HEADERS, 'x-count-sql': 'true' };

/** One answer to the whole-catalogue query, looked at closely. */
export interface ProbeResult {
  body: Buffer;
  contentType: string;
  /** From the `x-sql-statements` header; null when the server does not send it (the ceiling). */
  statements: number | null;
  programs: number;
}

interface WholeCatalogueResponse {
  data?: { categories?: Array<{ programs: unknown[] }> } | null;
  errors?: Array<{ message: string }>;
}

/** Sends the query once, outside any load, and fails loudly unless the answer is a whole catalogue. */
export async function probeWholeCatalogue(name: string, origin: string): Promise<ProbeResult> {
  const response = await fetch(`${origin}/graphql`, { method: 'POST', headers: PROBE_HEADERS, body: REQUEST_BODY });
  const body = Buffer.from(await response.arrayBuffer());
  const text = body.toString('utf8');
  if (!response.ok) throw new Error(`${name} answered the whole-catalogue query with ${response.status}: ${text.slice(0, 500)}`);
  const json = JSON.parse(text) as WholeCatalogueResponse;
  if (json.errors?.length) {
    throw new Error(`${name} answered the whole-catalogue query with errors: ${json.errors.map((e) => e.message).join('; ')}`);
  }
  const statements = response.headers.get('x-sql-statements');
  return {
    body,
    contentType: response.headers.get('content-type') ?? 'application/json',
    statements: statements === null ? null : Number(statements),
    programs: json.data?.categories?.reduce((sum, category) => sum + category.programs.length, 0) ?? 0,
  };
}
