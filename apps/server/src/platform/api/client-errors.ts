import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../../shared/errors.js';

const REFUSALS: Record<string, { status: number; reason: string; code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: ErrorCode.REQUEST_HEADERS_TOO_LARGE,
    message: `The request line and headers are larger than the server accepts (${Math.floor(maxHeaderSize / 1024)} KiB): send long variables in a POST body.`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    code: ErrorCode.REQUEST_TOO_LARGE,
    message: 'The chunk extensions of the request body are larger than the server accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: ErrorCode.BAD_REQUEST,
    message: 'The request was not received in time.',
  },
};

const NOT_HTTP = {
  status: 400,
  reason: 'Bad Request',
  code: ErrorCode.BAD_REQUEST,
  message: 'The request is not valid HTTP/1.1 (a malformed request line or header, or bytes a URL may not hold).',
};

/**
 * `clientError` of the HTTP server: what Node refuses before any handler runs (headers over
 * `maxHeaderSize`, a request it cannot parse) gets the status Node would give, with a GraphQL
 * error body and a stable code instead of an empty one. The client's fault: nothing is logged.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === 'ECONNRESET' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const { status, reason, code, message } = REFUSALS[error.code ?? ''] ?? NOT_HTTP;
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Express's last error handler: a refusal of the client's request raised by a router or by the
 * static files (an undecodable path such as `/%ff`: 400) is answered with its status and a short
 * JSON error instead of reaching Express's default handler, which prints its stack trace as if the
 * server had failed. Anything else goes on to that handler, logged.
 */
export function answerClientErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  // Express's router marks an undecodable path 400 without `expose`: the status alone says whose fault it is.
  const { status } = (typeof error === 'object' && error ? error : {}) as { status?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || response.headersSent) {
    next(error);
    return;
  }
  const message = status === 404 ? 'Not found.' : 'The request cannot be read: its path or parameters are malformed.';
  response
    .status(status)
    .json({ errors: [{ message, extensions: { code: status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.BAD_REQUEST } }] });
}
