import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeLoopbackCertificate } from '@certhub/e2e-support/loopback-certificate';

/** A TLS front for a plain-http server on loopback: what a deployment puts before it. */
export interface TlsProxy {
  /** `https://127.0.0.1:<port>`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * An https front for `target` (an `http://` origin), as a deployment's TLS proxy is: browsers only
 * offer brotli over https, so JavaScript is counted as a visitor gets it only through one. Its
 * certificate is self-signed, made by `openssl` in `scratch` for this run (the browser is told to
 * accept it). Each request is passed on as it came, host and all, and the answer back as it is:
 * the bytes on the wire are the server's.
 */
export async function startTlsProxy(target: string, scratch: string): Promise<TlsProxy> {
  const folder = mkdtempSync(path.join(scratch, 'tls-'));
  const { key, cert } = makeLoopbackCertificate(folder);
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'x-forwarded-proto': 'https' },
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
