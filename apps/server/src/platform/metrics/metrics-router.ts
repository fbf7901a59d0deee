import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import express, { type Request, type Response, Router } from 'express';
import type { Registry } from 'prom-client';
import { logger } from '../../shared/logger.js';

/** Who may read `GET /metrics`. */
export interface MetricsAccess {
  /** With a token, only `Authorization: Bearer <token>` is answered, whatever `publicAccess` says. */
  token: string | null;
  /** Without a token: true answers anyone (outside production, or on a port of its own); false answers 404. */
  publicAccess: boolean;
}

/**
 * `GET /metrics` in the Prometheus text format. Without a token and public access it answers 404,
 * as if there were no such address: in production the figures (operation names, traffic) are for
 * the operators, not for everyone who can reach the site.
 */
export function metricsRouter(registry: Registry, access: MetricsAccess): Router {
  const router = Router();
  const presentsToken = access.token === null ? null : bearerCheck(access.token);
  router.get('/metrics', async (request: Request, response: Response) => {
    response.setHeader('cache-control', 'no-store');
    if (!presentsToken && !access.publicAccess) {
      response.status(404).type('text/plain').send('Not Found');
      return;
    }
    if (presentsToken && !presentsToken(request)) {
      response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      response.status(401).type('text/plain').send('Send the metrics token: Authorization: Bearer <token>.');
      return;
    }
    try {
      const text = await registry.metrics();
      response.type(registry.contentType).send(text);
    } catch (error) {
      logger.error({ err: error }, 'The metrics could not be collected.');
      response.status(500).type('text/plain').send('The metrics could not be collected.');
    }
  });
  return router;
}

/** Compares digests in constant time, so the answer's timing tells nothing of the token. */
function bearerCheck(token: string): (request: Request) => boolean {
  const expected = digest(token);
  return (request) => {
    const presented = /^Bearer (.+)$/i.exec(request.get('authorization') ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(digest(presented.trim()), expected);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Serves only `/metrics` on a listener of its own (METRICS_PORT), which the operators keep off the
 * public network: it answers anyone who reaches it unless a token is set as well.
 */
export async function listenForMetrics(
  registry: Registry,
  { port, host, token }: { port: number; host: string; token: string | null },
): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRouter(registry, { token, publicAccess: true }));
  const server = app.listen(port, host);
  await once(server, 'listening');
  return server;
}
