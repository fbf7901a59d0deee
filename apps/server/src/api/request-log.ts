import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
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

/** Gives every request an id (a sane one offered by a proxy is kept), answers it in `x-request-id`, and logs the request when done. */
export function requestIdAndLog(logger: Logger) {
  const logging = logger.isLevelEnabled('info');
  return (request: Request, response: Response, next: NextFunction) => {
    const offered = request.get('x-request-id');
    const requestId = offered && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
    response.setHeader('x-request-id', requestId);
    const locals = response.locals as RequestLocals;
    locals.requestId = requestId;
    locals.usage = { operationName: null, cost: null, client: null };
    if (logging) {
      const started = process.hrtime.bigint();
      response.once('finish', () => {
        const { usage } = locals;
        logger.info({
          requestId,
          method: request.method,
          path: pathOf(request.originalUrl),
          status: response.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          ...(usage.client ? { client: usage.client } : {}),
          ...(usage.operationName ? { operation: usage.operationName } : {}),
          ...(usage.cost !== null ? { cost: usage.cost } : {}),
        });
      });
    }
    next();
  };
}

export function requestLocals(response: Response): RequestLocals {
  return response.locals as RequestLocals;
}

/** The path without its query string (which may hold a query's arguments or a token). */
function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end < 0 ? url : url.slice(0, end);
}
