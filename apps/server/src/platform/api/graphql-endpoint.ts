import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { type Context, createContext, type Services } from '../../context.js';
import { runWithStatementTally } from '../../db/sql-statement-counter.js';
import { ErrorCode } from '../../shared/errors.js';
import type { RequestInfo } from '../../shared/request-context.js';
import { sessionCookieName, sessionTokenOf } from '../session/session.service.js';
import { type ApiClient, anonymousClient, apiKeyClient, bearerToken, loggedClient } from './api-client.js';
import { setApiRequestState } from './api-plugin.js';
import type { ApiLimits } from './api-policy.js';
import { clientAddress } from './client-address.js';
import { type CorsPolicy, corsHeaders, mayUseCookie } from './cors.js';
import { BudgetExceeded, type BudgetState, budgetExtension, budgetHeaders, type RequestBudgets } from './request-budgets.js';
import { inspectQueryString, parseRequestBody, type RequestJsonProblem } from './request-json.js';
import { requestLocals } from './request-log.js';
import type { ResponseCache } from './response-cache.js';

export interface GraphQLEndpointOptions {
  apollo: ApolloServer<Context>;
  services: Services;
  limits: ApiLimits;
  budgets: RequestBudgets;
  /** Which origins' pages may send the staff cookie, and whether a proxy names the scheme. */
  cors: CorsPolicy;
  secureCookies: boolean;
  exposeStatementCount: boolean;
  /** Answers `GET /graphql` from a browser (the explorer); none: such a GET is answered as a GraphQL request. */
  explorer?: Router | null;
  /** The cache in front of Express, when on: it may have read the body already, and keeps what Apollo answers. */
  responseCache?: ResponseCache | null;
}

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * `/graphql` as the GraphQL-over-HTTP specification has it, for third parties' code as much as for
 * the product's own pages: CORS, the explorer for browsers, who the client is (an API key, a staff
 * session, or an address), the client's budget, POST only as `application/json` (which no page can
 * send cross-site without a preflight: the CSRF protection), a bounded body, one operation per
 * request; then Apollo, whose plugin (`api-plugin.ts`) applies the operation limits.
 */
export function graphqlEndpoint(options: GraphQLEndpointOptions): Router {
  const {
    apollo,
    services,
    limits,
    budgets,
    cors,
    secureCookies,
    exposeStatementCount,
    explorer,
    responseCache = null,
  } = options;
  const router = Router();
  // The bytes as they came: the body is checked for UTF-8, nesting and duplicate keys before it is parsed.
  const readBody = express.raw({ type: () => true, limit: limits.maxBodyBytes });
  /** Puts the parsed body in `request.body`; a problem when it is not a request to parse. */
  const parseBody = (request: Request): RequestJsonProblem | null => {
    const body: unknown = request.body;
    if (!(body instanceof Uint8Array)) {
      request.body = {};
      return null;
    }
    const parsed = parseRequestBody(body, limits.maxVariablesDepth);
    if (parsed.problem) return parsed.problem;
    request.body = parsed.value;
    return null;
  };

  router.use('/graphql', (request, response, next) => {
    requestLocals(response).maxCost = limits.maxCost;
    for (const [name, value] of corsHeaders(request, cors)) {
      if (name === 'vary') response.append(name, value);
      else response.setHeader(name, value);
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      response.setHeader(
        'access-control-allow-headers',
        'content-type, accept, authorization, x-request-id, apollo-require-preflight, x-apollo-operation-name, if-none-match',
      );
      response.setHeader('access-control-max-age', '600');
      response.status(204).end();
      return;
    }
    next();
  });

  if (explorer) router.use(explorer);

  router.use(
    '/graphql',
    // Counting statements tracks every promise of the request: only when asked (tests, benchmark).
    (request: Request, _response: Response, next: NextFunction) =>
      exposeStatementCount && request.get('x-count-sql') === 'true' ? runWithStatementTally({ count: 0 }, next) : next(),
    async (request: Request, response: Response, next: NextFunction) => {
      try {
        // The response cache looked the key up already (and counted its use): not looked up again.
        const knownClient = responseCache?.apiKeyClientOf(request);
        const context = await contextOf(request, response, services, cors, secureCookies, knownClient);
        if (!context) return;
        context.responseCacheSlot = responseCache?.slotOf(request) ?? null;
        const locals = requestLocals(response);
        locals.usage.client = loggedClient(context.client);
        // A point up front: a client over its budget is refused before its body is read.
        let budget: BudgetState | null = null;
        try {
          budget = await budgets.spend(context.client, 1);
        } catch (error) {
          if (!(error instanceof BudgetExceeded)) throw error;
          sendRateLimited(request, response, error);
          return;
        }
        if (budget) for (const [name, value] of budgetHeaders(budget)) response.setHeader(name, value);
        locals.budget = budget;
        setApiRequestState(context, { budget, usage: locals.usage });
        response.locals.graphqlContext = context;
        next();
      } catch (error) {
        next(error);
      }
    },
    (request: Request, response: Response, next: NextFunction) => {
      if (request.method === 'POST' && mediaTypeOf(request.get('content-type')) !== 'application/json') {
        sendError(request, response, 415, {
          message: 'Send a POST with the content type application/json (or a query with GET).',
          extensions: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
        });
        return;
      }
      const charset = charsetOf(request.get('content-type'));
      if (request.method === 'POST' && charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
        sendError(request, response, 415, {
          message: 'Send the body in UTF-8, without a content encoding.',
          extensions: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
        });
        return;
      }
      next();
    },
    (request: Request, response: Response, next: NextFunction) => {
      const alreadyRead = responseCache?.bodyReadFrom(request);
      // Read by the response cache, which found no answer; else read here (bounded, 413 past the limit).
      if (alreadyRead === undefined) return readBody(request, response, next);
      request.body = alreadyRead;
      next();
    },
    // Checked before JSON.parse, the cost estimate or graphql-js see anything: those recurse, or
    // would silently take a lenient reading of ambiguous input.
    (request: Request, response: Response, next: NextFunction) => {
      const problem =
        request.method === 'POST'
          ? parseBody(request)
          : inspectQueryString(searchOf(request.originalUrl), limits.maxVariablesDepth);
      if (problem) {
        sendError(request, response, 400, {
          message: problem.message,
          extensions: { code: problem.code, ...(problem.limit === undefined ? {} : { limit: problem.limit }) },
        });
        return;
      }
      next();
    },
    (request: Request, response: Response, next: NextFunction) => {
      if (Array.isArray(request.body)) {
        sendError(request, response, 400, {
          message: 'Batched requests are not supported: send one operation per request.',
          extensions: { code: ErrorCode.BATCHING_NOT_SUPPORTED },
        });
        return;
      }
      next();
    },
    expressMiddleware(apollo, { context: async ({ res }) => res.locals.graphqlContext as Context }),
    (error: unknown, request: Request, response: Response, next: NextFunction) => {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') {
        sendError(request, response, 413, {
          message: `The request body is larger than ${limits.maxBodyBytes} bytes.`,
          extensions: { code: ErrorCode.REQUEST_TOO_LARGE, limit: limits.maxBodyBytes },
        });
      } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        sendError(request, response, 415, {
          message: 'Send the body in UTF-8, without a content encoding.',
          extensions: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
        });
      } else if (type === 'request.aborted') {
        // The client went away mid-body: no one to answer, and nothing went wrong here.
        response.destroy();
      } else if (isClientError(error)) {
        // The body reader's other refusals (a body shorter than its Content-Length…): the client's fault, not logged.
        sendError(request, response, error.status, {
          message: `The request body could not be read: ${error.message}`,
          extensions: { code: ErrorCode.BAD_REQUEST },
        });
      } else {
        next(error);
      }
    },
  );
  return router;
}

/** Who is calling, and their context; null when the request was answered already (a bad key). */
async function contextOf(
  request: Request,
  response: Response,
  services: Services,
  cors: CorsPolicy,
  secureCookies: boolean,
  /** What the response cache found of the request's key: undefined when it did not look. */
  knownClient: ApiClient | null | undefined,
): Promise<Context | null> {
  const address = clientAddress(request, cors.trustProxy);
  let client: ApiClient = knownClient ?? anonymousClient(address);
  const authorization = request.get('authorization');
  if (authorization && !knownClient) {
    const key = bearerToken(authorization);
    // Not looked up again when the response cache found it is no working key.
    const apiKey = key && knownClient === undefined ? await services.apiKeys.authenticate(key) : null;
    if (!apiKey) {
      response.setHeader('www-authenticate', key ? 'Bearer error="invalid_token"' : 'Bearer');
      sendError(request, response, 401, {
        message: key
          ? 'This API key is not valid: it is unknown or was revoked.'
          : 'Send an API key as Authorization: Bearer <key>.',
        extensions: { code: ErrorCode.UNAUTHENTICATED },
      });
      return null;
    }
    client = apiKeyClient(apiKey);
  }
  // The staff cookie counts only from the product's own pages: any other origin reads anonymously.
  const cookieAllowed = mayUseCookie(request, cors);
  // Path=/ and no Domain: what the `__Host-` prefix of the production name requires.
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' } as const;
  const cookieName = sessionCookieName(secureCookies);
  return createContext(services, {
    request: requestInfoOf(request, response, address),
    sessionToken: cookieAllowed ? sessionTokenOf(request.headers.cookie, secureCookies) : undefined,
    sessionCookie: {
      set: (token, expires) => response.cookie(cookieName, token, { ...cookieOptions, expires }),
      clear: () => response.clearCookie(cookieName, cookieOptions),
    },
    client,
  });
}

function requestInfoOf(request: Request, response: Response, address: string | null): RequestInfo {
  return { requestId: requestLocals(response).requestId, ip: address, userAgent: request.get('user-agent') ?? null };
}

/** The charset parameter of a Content-Type, lower case; null when there is none. */
function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match ? (match[1] as string).toLowerCase() : null;
}

/** The raw query string of a URL (still percent-encoded), without the `?`. */
function searchOf(url: string): string {
  const start = url.indexOf('?');
  return start < 0 ? '' : url.slice(start + 1);
}

/** An http-errors error the body reader raised for the client's mistake (4xx, meant to be shown). */
function isClientError(error: unknown): error is { status: number; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}

function mediaTypeOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  return (contentType.split(';')[0] as string).trim().toLowerCase();
}

function sendRateLimited(request: Request, response: Response, exceeded: BudgetExceeded): void {
  for (const [name, value] of budgetHeaders(exceeded.state, true)) response.setHeader(name, value);
  requestLocals(response).budget = exceeded.state;
  sendError(request, response, 429, rateLimitedError(exceeded));
}

export function rateLimitedError(exceeded: BudgetExceeded): GraphQLFormattedError {
  const retryAfterSeconds = Math.max(1, Math.ceil((exceeded.state.resetAt - Date.now()) / 1000));
  return {
    message: `Rate limit exceeded: this request needs ${exceeded.requested} points and ${exceeded.state.remaining} of ${exceeded.state.limit} are left until ${new Date(exceeded.state.resetAt).toISOString()}. Try again in ${retryAfterSeconds} s, or ask for an API key with a larger quota.`,
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      limit: exceeded.state.limit,
      remaining: exceeded.state.remaining,
      requested: exceeded.requested,
      retryAfterSeconds,
      resetAt: new Date(exceeded.state.resetAt).toISOString(),
    },
  };
}

/**
 * A GraphQL error response written before Apollo, in the media type the client accepts, with the
 * same `extensions` as every answer (no operation was costed; the budget as it stands).
 */
export function sendError(request: Request, response: Response, status: number, error: GraphQLFormattedError): void {
  const preferred = request.accepts(['application/json', GRAPHQL_RESPONSE_JSON]);
  const locals = requestLocals(response);
  const extensions = { cost: { requested: null, limit: locals.maxCost ?? null }, budget: budgetExtension(locals.budget ?? null) };
  response
    .status(status)
    .type(`${preferred === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : 'application/json'}; charset=utf-8`)
    .send(JSON.stringify({ errors: [error], extensions }));
}
