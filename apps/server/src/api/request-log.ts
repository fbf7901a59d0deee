import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config.js';

/** What the GraphQL layers learn about a request, for its log line. */
export interface RequestUsage {
  operationName: string | null;
  cost: number | null;
  client: string | null;
}

export interface RequestLocals {
  requestId: string;
  usage: RequestUsage;
  /** The client's budget once the request spent from it (null: not limited, or not yet known). */
  budget?: { limit: number; remaining: number; resetAt: number; windowSeconds: number } | null;
  /** The cost limit, for the `extensions` of answers written before Apollo. */
  maxCost?: number;
}

const REQUEST_ID_PATTERN = /^[\w.:-]{1,64}$/;

/**
 * One JSON line per request, written after the answer went out (pino, asynchronously): request id,
 * method, path (never the query string), status, duration, and for GraphQL the operation name,
 * the client (`anonymous`, `staff` or `key:<prefix>`) and the cost. No address, user agent,
 * cookie, email or variables: nothing personal.
 */
export function createRequestLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    { level, base: null, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'msg' },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * Gives every request an id (a sane one offered by a proxy is kept), answers it in `x-request-id`,
 * and logs the request when done. It runs on the bare request, before the response cache or Express.
 */
export function requestIdAndLog(logger: Logger) {
  const logging = logger.isLevelEnabled('info');
  return (request: IncomingMessage, response: ServerResponse) => {
    const offered = request.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
    response.setHeader('x-request-id', requestId);
    const locals = requestLocals(response);
    locals.requestId = requestId;
    locals.usage = { operationName: null, cost: null, client: null };
    if (logging) {
      const started = process.hrtime.bigint();
      const path = pathOf(request.url ?? '/');
      response.once('finish', () => {
        const { usage } = locals;
        logger.info({
          requestId,
          method: request.method,
          path,
          status: response.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          ...(usage.client ? { client: usage.client } : {}),
          ...(usage.operationName ? { operation: usage.operationName } : {}),
          ...(usage.cost !== null ? { cost: usage.cost } : {}),
        });
      });
    }
  };
}

/** What the layers of a request note for its log line, on the response (Express's `res.locals`, which it keeps). */
export function requestLocals(response: ServerResponse): RequestLocals {
  const withLocals = response as ServerResponse & { locals?: RequestLocals };
  withLocals.locals ??= Object.create(null) as RequestLocals;
  return withLocals.locals;
}

/** The path without its query string (which may hold a query's arguments or a token). */
function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end < 0 ? url : url.slice(0, end);
}
