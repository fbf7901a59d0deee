import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApiLimits } from '../../api/api-policy.js';
import { operationLimitsRule } from '../../api/operation-limits.js';
import { createContext, type Services } from '../../context.js';
import { sessionTokenOf } from '../session/session.service.js';

/** The graphql-ws protocol's close code for a server going away. */
const GOING_AWAY = 1001;

/**
 * Serves subscriptions over graphql-ws on /graphql, beside the HTTP API. A connection is staff's
 * when its upgrade request carries a valid session cookie, as for HTTP requests. Answers a
 * function that closes every connection (with 1001) and stops listening, for shutdown.
 */
export function serveSubscriptions(
  httpServer: Server,
  schema: GraphQLSchema,
  services: Services,
  limits: ApiLimits,
  /** Whether the session cookie is Secure, which decides its name (session.service.ts). */
  secureCookies: boolean,
): () => Promise<void> {
  const sockets = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const cleanup = useServer(
    {
      schema,
      // The same limits as over HTTP: tokens, depth, aliases and directives.
      onSubscribe: (_context, _id, payload) => {
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [error as never];
        }
        const errors = validate(schema, document, [...specifiedRules, operationLimitsRule(limits)]);
        // Nothing to refuse: graphql-ws goes on with the operation as sent.
        return errors.length ? errors : undefined;
      },
      context: async ({ extra }) =>
        createContext(services, {
          request: {
            requestId: randomUUID(),
            ip: extra.request.socket.remoteAddress ?? null,
            userAgent: extra.request.headers['user-agent'] ?? null,
          },
          sessionToken: sessionTokenOf(extra.request.headers.cookie, secureCookies),
          // A socket cannot set cookies; signing in and out happen over HTTP.
          sessionCookie: { set: () => undefined, clear: () => undefined },
        }),
    },
    sockets,
  );
  return async () => {
    for (const client of sockets.clients) client.close(GOING_AWAY, 'The server is shutting down.');
    await cleanup.dispose();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
  };
}
