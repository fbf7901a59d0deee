/**
 * The soak's HTTP client: one request, timed by the caller, and what its answer counts as. Only
 * the server's faults are errors (5xx, no answer, INTERNAL_SERVER_ERROR); a CONFLICT is what
 * concurrent staff edits are expected to get; any other refusal is the soak's own mistake, counted
 * apart so that it shows.
 */
import { ErrorCode } from '@certhub/domain/error-codes';

export type Outcome = 'ok' | 'conflict' | 'refused' | 'error';

export interface Attempt {
  outcome: Outcome;
  /** What went wrong, for the report's examples; none when ok. */
  detail?: string;
}

export interface GraphQLErrorBody {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface GraphQLAnswer<T> {
  attempt: Attempt;
  data: T | null;
  errors: GraphQLErrorBody[];
}

/** A slow answer is an error, not a hang: well past any latency worth reporting. */
const REQUEST_TIMEOUT_MS = 30_000;
const OK: Attempt = { outcome: 'ok' };

export class SoakClient {
  /** The staff session cookie (`name=value`) once signed in. */
  private cookie: string | null = null;

  constructor(readonly origin: string) {}

  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
    let response: Response;
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      response = await fetch(`${this.origin}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.cookie ? { cookie: this.cookie } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      return { attempt: { outcome: 'error', detail: describeFailure(error) }, data: null, errors: [] };
    }
    const errors = body.errors ?? [];
    return { attempt: classifyGraphQL(response.status, errors), data: body.data ?? null, errors };
  }

  /** A GET read to its end (the transfer is part of the latency). */
  async get(path: string): Promise<Attempt> {
    try {
      const response = await fetch(`${this.origin}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.arrayBuffer();
      if (response.status >= 500) return { outcome: 'error', detail: `GET ${path}: HTTP ${response.status}` };
      if (!response.ok) return { outcome: 'refused', detail: `GET ${path}: HTTP ${response.status}` };
      return OK;
    } catch (error) {
      return { outcome: 'error', detail: `GET ${path}: ${describeFailure(error)}` };
    }
  }

  /** Signs in as staff: later requests carry the session cookie, as a browser's would. */
  async signIn(email: string, password: string): Promise<void> {
    const response = await fetch(`${this.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query: 'mutation SoakSignIn($email: String!, $password: String!) { login(email: $email, password: $password) { id } }',
        variables: { email, password },
      }),
    });
    const body = (await response.json()) as { errors?: GraphQLErrorBody[] };
    // The cookie is Secure in production; over loopback HTTP the soak hands it back itself.
    const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
    if (body.errors?.length || !cookie) throw new Error(`Signing in as ${email} failed: ${JSON.stringify(body.errors)}`);
    this.cookie = cookie;
  }
}

export function classifyGraphQL(status: number, errors: readonly GraphQLErrorBody[]): Attempt {
  const codes = errors.map((error) => String(error.extensions?.code ?? 'NO_CODE'));
  const first = errors[0] ? `${codes[0]}: ${errors[0].message}` : `HTTP ${status}`;
  if (status >= 500 || codes.some((code) => code === ErrorCode.INTERNAL_SERVER_ERROR || code === 'NO_CODE')) {
    return { outcome: 'error', detail: first };
  }
  if (codes.length > 0 && codes.every((code) => code === ErrorCode.CONFLICT)) return { outcome: 'conflict' };
  if (status >= 400 || codes.length > 0) return { outcome: 'refused', detail: first };
  return OK;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch's "fetch failed" says nothing; its cause (ECONNREFUSED, ECONNRESET…) does.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${cause}`;
}
