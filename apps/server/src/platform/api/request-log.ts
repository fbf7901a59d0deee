import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, LevelWithSilent } from 'pino';
import { flush, LOG_DESTINATION } from '../../shared/logger.js';

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

/** Where request log lines go: one JSON line per request, as pino writes them (level 30, ISO time). */
export interface RequestLogger {
  readonly enabled: boolean;
  write(line: string): void;
  /** Writes out what is buffered. */
  flush(): Promise<void>;
}

export { LOG_FLUSH_MS } from '../../shared/logger.js';

/**
 * One JSON line per request, written after the answer went out: request id, method, path (never
 * the query string), status, duration, and for GraphQL the operation name, the client
 * (`anonymous`, `staff` or `key:<prefix>`) and the cost. No address, user agent, cookie, email or
 * variables: nothing personal. The line is pino's format, but put together here and written to
 * pino's asynchronous destination 4 KiB at a time (and at least every `LOG_FLUSH_MS`): pino's
 * generic serialisation and a write per request cost about a quarter of the CPU of an answer from
 * the response cache. By default that destination is the one the process logger writes to.
 */
export function createRequestLogger(level: LevelWithSilent, destination?: DestinationStream): RequestLogger {
  const enabled = level === 'info' || level === 'debug';
  const stream = destination ?? LOG_DESTINATION;
  return {
    enabled,
    write: (line) => stream.write(line),
    flush: () => flush(stream),
  };
}

/**
 * Gives every request an id (a sane one offered by a proxy is kept), which the caller answers in
 * `x-request-id` (server.ts: set for Express, written with the answer by the response cache), and
 * logs the request when done. It runs on the bare request, before the response cache or Express.
 */
export function requestIdAndLog(logger: RequestLogger) {
  return (request: IncomingMessage, response: ServerResponse): string => {
    const offered = request.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
    const locals = requestLocals(response);
    locals.requestId = requestId;
    locals.usage = { operationName: null, cost: null, client: null };
    if (!logger.enabled) return requestId;
    const started = process.hrtime.bigint();
    // Now: Express rewrites `request.url` for the routers it mounts.
    const path = JSON.stringify(pathOf(request.url ?? '/'));
    response.once('finish', () => {
      const { usage } = locals;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // The id matches REQUEST_ID_PATTERN or is a UUID, the method is an HTTP token: neither needs escaping.
      let line = `{"level":30,"time":"${new Date().toISOString()}","requestId":"${requestId}","method":"${request.method}","path":${path},"status":${response.statusCode},"durationMs":${durationMs}`;
      if (usage.client) line += `,"client":${JSON.stringify(usage.client)}`;
      if (usage.operationName) line += `,"operation":${JSON.stringify(usage.operationName)}`;
      if (usage.cost !== null) line += `,"cost":${usage.cost}`;
      logger.write(`${line}}\n`);
    });
    return requestId;
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
