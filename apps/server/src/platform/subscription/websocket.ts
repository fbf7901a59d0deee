import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Context, createContext, type Services } from '../../context.js';
import { apiError, ErrorCode } from '../../shared/errors.js';
import { logger } from '../../shared/logger.js';
import { anonymousClient } from '../api/api-client.js';
import type { ApiLimits } from '../api/api-policy.js';
import { clientKey } from '../api/client-address.js';
import { type CorsPolicy, mayUseCookie } from '../api/cors.js';
import { rateLimitedError } from '../api/graphql-endpoint.js';
import { operationLimitsRule } from '../api/operation-limits.js';
import type { CostEstimator } from '../api/query-cost.js';
import { BudgetExceeded, type RequestBudgets } from '../api/request-budgets.js';
import { sessionTokenOf } from '../session/session.service.js';

/** Close code for shutdown: "service restart", which graphql-ws clients (and the web apps) reconnect after. */
const SERVICE_RESTART = 1012;
/**
 * Close code when the session a connection's staff operations run under ended (sign-out, expiry, a
 * disabled user). graphql-ws clients retry it (unlike 4401, after which a default client gives up on
 * every operation): the new connection is anonymous, so public subscriptions go on and staff-only
 * ones are refused with UNAUTHENTICATED, which tells the page to sign in again.
 */
export const SESSION_ENDED = 4403;

export interface SocketPolicy {
  /** Operations open at once on one connection (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION). */
  maxSubscriptionsPerConnection: number;
  /** Connections open at once from one client address (WS_MAX_CONNECTIONS_PER_CLIENT). */
  maxConnectionsPerClient: number;
  /** How often a connection with staff operations checks their session between events. */
  sessionCheckMs: number;
}

export const DEFAULT_SOCKET_POLICY: SocketPolicy = {
  maxSubscriptionsPerConnection: 20,
  maxConnectionsPerClient: 50,
  sessionCheckMs: 5_000,
};

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  services: Services;
  limits: ApiLimits;
  estimator: CostEstimator;
  budgets: RequestBudgets;
  cors: CorsPolicy;
  policy: SocketPolicy;
  /** The client's address as HTTP requests see it (Express's `trust proxy`). */
  clientAddress: (request: IncomingMessage) => string | null;
  /** Whether the session cookie is Secure, which decides its name (session.service.ts). */
  secureCookies: boolean;
  /** True once shutdown began: new connections are refused with a retryable 503. */
  shuttingDown: () => boolean;
}

export interface SubscriptionServer {
  /**
   * Tells every connection the server restarts (1012), waits until they closed or `deadline` (ms
   * since the epoch) passed, then cuts whatever is left (a client that stopped reading never
   * answers the close), and stops taking connections.
   */
  close(deadline: number): Promise<void>;
}

/** What a connection learnt at its upgrade, and its staff operations. */
interface Connection {
  address: string | null;
  /** The staff cookie's token, when its origin may use it (the same rule as HTTP: cors.ts). */
  sessionToken: string | undefined;
  /** Operation id → the session it runs under, for operations started by signed-in staff. */
  staffOperations: Map<string, string>;
  sessionTimer: NodeJS.Timeout | null;
}

/**
 * Serves subscriptions over graphql-ws on /graphql, beside the HTTP API, under the HTTP API's
 * rules: the staff cookie counts only from the origins that may use it over HTTP; messages are
 * bounded by MAX_BODY_BYTES; every operation passes the same limits and is charged its estimated
 * cost to the client's budget; connections per address and operations per connection are capped;
 * staff operations end as soon as their session does.
 */
export function serveSubscriptions(httpServer: Server, options: SubscriptionServerOptions): SubscriptionServer {
  const { schema, services, limits, estimator, budgets, cors, policy } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes });
  const connections = new WeakMap<WebSocket, Connection>();
  const openPerAddress = new Map<string, number>();
  let closing = false;

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server leaves an upgraded socket's errors to the listener: a reset must not crash the process.
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') return refuseUpgrade(socket, 400, ErrorCode.BAD_REQUEST, 'Subscriptions are served on /graphql.');
    if (closing || options.shuttingDown()) {
      return refuseUpgrade(socket, 503, 'SHUTTING_DOWN', 'The server is shutting down; retry shortly.', { 'retry-after': '5' });
    }
    const address = options.clientAddress(request);
    const key = clientKey(address);
    const open = openPerAddress.get(key) ?? 0;
    if (open >= policy.maxConnectionsPerClient) {
      return refuseUpgrade(
        socket,
        429,
        ErrorCode.TOO_MANY_CONNECTIONS,
        `At most ${policy.maxConnectionsPerClient} subscription connections per client; close one first.`,
        { 'retry-after': '5' },
      );
    }
    // Counted until the TCP connection closes, whether or not the handshake succeeds.
    openPerAddress.set(key, open + 1);
    socket.once('close', () => {
      const left = (openPerAddress.get(key) ?? 1) - 1;
      if (left > 0) openPerAddress.set(key, left);
      else openPerAddress.delete(key);
    });
    const sessionToken = mayUseCookie(request, cors) ? sessionTokenOf(request.headers.cookie, options.secureCookies) : undefined;
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const connection: Connection = { address, sessionToken, staffOperations: new Map(), sessionTimer: null };
      connections.set(webSocket, connection);
      webSocket.once('close', () => {
        if (connection.sessionTimer) clearInterval(connection.sessionTimer);
      });
      sockets.emit('connection', webSocket, request);
    });
  });

  /** Whether every staff operation's session still stands; if not, the connection is closed. */
  const checkSessions = async (webSocket: WebSocket, connection: Connection): Promise<boolean> => {
    for (const sessionId of new Set(connection.staffOperations.values())) {
      if (await services.sessions.isActive(sessionId)) continue;
      webSocket.close(SESSION_ENDED, 'Your session ended: sign in again.');
      return false;
    }
    return true;
  };

  const cleanup = useServer<Record<string, unknown>, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema,
      // Everything HTTP checks, in its order: limits, who is calling, the cost against the budget.
      // Answering the execution arguments here also means graphql-ws parses and validates nothing again.
      onSubscribe: async (context, id, payload) => {
        const connection = connections.get(context.extra.socket) as Connection;
        // The operation being subscribed is counted already.
        if (Object.keys(context.subscriptions).length > policy.maxSubscriptionsPerConnection) {
          return [
            apiError(
              ErrorCode.TOO_MANY_SUBSCRIPTIONS,
              `At most ${policy.maxSubscriptionsPerConnection} operations at once on one connection: complete one first.`,
              { limit: policy.maxSubscriptionsPerConnection },
            ),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, operationLimitsRule(limits)]);
        if (errors.length) return errors;
        const operationName = payload.operationName ?? null;
        let cost: number;
        try {
          cost = estimator.costOf(document, operationName, payload.variables ?? undefined);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return [apiError(ErrorCode.BAD_USER_INPUT, error.message)];
        }
        if (cost > limits.maxCost) {
          return [
            apiError(
              ErrorCode.TOO_COMPLEX,
              `The operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages (first) or fewer nested lists.`,
              { limit: limits.maxCost, cost },
            ),
          ];
        }
        const contextValue: Context = await createContext(services, {
          request: {
            requestId: randomUUID(),
            ip: connection.address,
            userAgent: context.extra.request.headers['user-agent'] ?? null,
          },
          sessionToken: connection.sessionToken,
          // A socket cannot set cookies; signing in and out happen over HTTP.
          sessionCookie: { set: () => undefined, clear: () => undefined },
          client: anonymousClient(connection.address),
        });
        try {
          await budgets.spend(contextValue.client, Math.max(1, cost));
        } catch (exceeded) {
          if (!(exceeded instanceof BudgetExceeded)) throw exceeded;
          const refusal = rateLimitedError(exceeded);
          return [new GraphQLError(refusal.message, { extensions: refusal.extensions })];
        }
        if (contextValue.actor) {
          connection.staffOperations.set(id, contextValue.actor.sessionId);
          connection.sessionTimer ??= setInterval(
            () =>
              void checkSessions(context.extra.socket, connection).catch((error: unknown) =>
                logger.error({ err: error }, 'Subscriptions: the sessions of a connection could not be checked.'),
              ),
            policy.sessionCheckMs,
          ).unref();
        }
        return { schema, document, operationName, variableValues: payload.variables ?? undefined, contextValue };
      },
      // Before each event of a staff operation: once its session ended, the connection is closed
      // instead, and a closed socket sends nothing more.
      onNext: async (context, id) => {
        const connection = connections.get(context.extra.socket);
        if (connection?.staffOperations.has(id)) await checkSessions(context.extra.socket, connection);
        return undefined;
      },
      onComplete: (context, id) => {
        const connection = connections.get(context.extra.socket);
        connection?.staffOperations.delete(id);
        if (connection?.sessionTimer && connection.staffOperations.size === 0) {
          clearInterval(connection.sessionTimer);
          connection.sessionTimer = null;
        }
      },
    },
    sockets,
  );

  const close = async (deadline: number) => {
    closing = true;
    // `stop()` closes at once; only a deadline that passed with sockets open is worth a warning.
    const patient = deadline > Date.now();
    for (const client of sockets.clients) client.close(SERVICE_RESTART, 'The server is restarting; reconnect shortly.');
    while (sockets.clients.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))));
    }
    if (sockets.clients.size > 0) {
      if (patient) logger.warn(`${sockets.clients.size} subscription connection(s) did not close in time: cut.`);
      for (const client of sockets.clients) client.terminate();
    }
    await cleanup.dispose();
  };
  let closed: Promise<void> | null = null;
  return {
    close(deadline) {
      closed ??= close(deadline);
      return closed;
    },
  };
}

/** Answers an upgrade it will not take with an HTTP error, as `ws` does, and a GraphQL error body. */
function refuseUpgrade(
  socket: Duplex,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'connection: close',
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
