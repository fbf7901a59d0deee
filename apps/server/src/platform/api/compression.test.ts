import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { WHOLE_CATALOG_QUERY } from '@certhub/domain/whole-catalog-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { strongEtag } from './etag.js';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire, still compressed. */
  wire: Buffer;
  /** The bytes after undoing `content-encoding`. */
  body: Buffer;
}

/** A request as a client sends it, with the bytes on the wire kept (fetch would ask for and undo compression itself). */
function send(
  url: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const wire = Buffer.concat(chunks);
        // A HEAD or 304 answer names the coding of a body it does not send.
        const coding = wire.length > 0 ? incoming.headers['content-encoding'] : undefined;
        const decoded = coding === 'br' ? zlib.brotliDecompressSync(wire) : coding === 'gzip' ? zlib.gunzipSync(wire) : wire;
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, wire, body: decoded });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const ACCEPTS = { br: 'gzip, deflate, br', gzip: 'gzip, deflate', identity: 'identity' } as const;
type Coding = keyof typeof ACCEPTS;
const CODINGS = Object.keys(ACCEPTS) as Coding[];

/** What a client asking in `coding` must get: that coding on the wire, the same bytes once decoded, and Vary. */
function expectCoded(answer: RawAnswer, coding: Coding, identity?: Buffer) {
  expect(answer.status).toBe(200);
  expect(answer.headers['content-encoding']).toBe(coding === 'identity' ? undefined : coding);
  expect(answer.headers.vary).toMatch(/accept-encoding/i);
  if (coding !== 'identity') expect(answer.wire.length).toBeLessThan(answer.body.length);
  if (identity) expect(answer.body.equals(identity)).toBe(true);
}

const CATALOGUE_GET = `/graphql?query=${encodeURIComponent(WHOLE_CATALOG_QUERY)}`;

describe('compression of answers', () => {
  let server: TestServer;
  let dist: string;
  const page = `<!doctype html><html lang="en"><head><title>CertHub</title></head><body>${'<p>The catalogue.</p>'.repeat(100)}</body></html>`;
  const script = `export const programs = [${Array.from({ length: 300 }, (_, i) => `"program ${i}"`).join(',')}];\n`;

  beforeAll(async () => {
    // A web app's build as Vite leaves it: hashed assets, each beside its brotli and gzip copies.
    dist = mkdtempSync(path.join(os.tmpdir(), 'certhub-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), page);
    writeFileSync(path.join(dist, 'index.html.br'), zlib.brotliCompressSync(page));
    const asset = path.join(dist, 'assets', 'index-Ab12Cd34.js');
    writeFileSync(asset, script);
    writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
    writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
    server = await startTestServer((db) => importSeed(db.dataSource), { catalogDist: dist });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends a GraphQL GET answer in br, gzip or as it is, the same whether built or from the cache, each coding with its own ETag', async () => {
    const identity = await send(`${server.url}${CATALOGUE_GET}`, { headers: { 'accept-encoding': ACCEPTS.identity } });
    expect(identity.body.length).toBeGreaterThan(1024);
    const baseEtag = strongEtag(identity.body);
    const etags = new Set<string>();
    for (const coding of CODINGS) {
      // The first answer of this server to the query in this coding, then the same from the cache.
      for (const round of ['first', 'cached']) {
        const answer = await send(`${server.url}${CATALOGUE_GET}`, {
          headers: { 'accept-encoding': ACCEPTS[coding], 'x-count-sql': 'true' },
        });
        expectCoded(answer, coding, identity.body);
        const etag = answer.headers.etag as string;
        expect(etag).toBe(coding === 'identity' ? baseEtag : `${baseEtag.slice(0, -1)}.${coding}"`);
        if (round === 'cached') expect(answer.headers['x-sql-statements']).toBe('1');
        etags.add(etag);

        const revalidated = await send(`${server.url}${CATALOGUE_GET}`, {
          headers: { 'accept-encoding': ACCEPTS[coding], 'if-none-match': etag },
        });
        expect(revalidated.status).toBe(304);
        expect(revalidated.wire.length).toBe(0);
        expect(revalidated.headers.etag).toBe(etag);
      }
    }
    expect(etags.size).toBe(3);
    // A tag of the brotli answer does not validate the gzip one.
    const other = await send(`${server.url}${CATALOGUE_GET}`, {
      headers: { 'accept-encoding': ACCEPTS.gzip, 'if-none-match': `${baseEtag.slice(0, -1)}.br"` },
    });
    expect(other.status).toBe(200);
  });

  it('sends a GraphQL POST answer compressed, built or from the cache (there in gzip, with the caller budget after the kept part)', async () => {
    const post = (acceptEncoding: string) =>
      send(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': acceptEncoding, 'x-count-sql': 'true' },
        body: JSON.stringify({ query: WHOLE_CATALOG_QUERY }),
      });
    const built = await post(ACCEPTS.br);
    // br: built by Apollo (the cache sends POST answers in gzip or as they are).
    expectCoded(built, 'br');
    const data = JSON.parse(built.body.toString()).data;
    for (const coding of ['br', 'gzip', 'identity'] as const) {
      const cached = await post(ACCEPTS[coding]);
      expect(cached.headers['x-sql-statements']).toBe('1');
      // The cache sends POST answers in gzip to a client that takes br too.
      expectCoded(cached, coding === 'identity' ? 'identity' : 'gzip');
      const answer = JSON.parse(cached.body.toString());
      expect(answer.data).toEqual(data);
      expect(answer.extensions).toHaveProperty('budget');
    }
  });

  it('sends the exports and feeds compressed, and a HEAD without a body', async () => {
    for (const address of ['/export/catalogue.csv', '/export/catalogue.json', '/feeds/status.atom']) {
      const identity = await send(`${server.url}${address}`, { headers: { 'accept-encoding': ACCEPTS.identity } });
      expect(identity.body.length, address).toBeGreaterThan(1024);
      // The JSON export says when it was made: its programs are compared.
      const content = (bytes: Buffer) => (address.endsWith('.json') ? JSON.parse(bytes.toString()).programs : bytes.toString());
      for (const coding of CODINGS) {
        const answer = await send(`${server.url}${address}`, { headers: { 'accept-encoding': ACCEPTS[coding] } });
        expectCoded(answer, coding);
        expect(content(answer.body)).toEqual(content(identity.body));
        const head = await send(`${server.url}${address}`, { method: 'HEAD', headers: { 'accept-encoding': ACCEPTS[coding] } });
        expect(head.status).toBe(200);
        expect(head.wire.length).toBe(0);
        expect(head.headers['content-type']).toBe(answer.headers['content-type']);
      }
    }
  });

  it('answers a feed 304 to the tag of the coding it was sent in', async () => {
    for (const coding of CODINGS) {
      const answer = await send(`${server.url}/feeds/status.atom`, { headers: { 'accept-encoding': ACCEPTS[coding] } });
      const revalidated = await send(`${server.url}/feeds/status.atom`, {
        headers: { 'accept-encoding': ACCEPTS[coding], 'if-none-match': answer.headers.etag as string },
      });
      expect(revalidated.status).toBe(304);
    }
  });

  it('sends pages compressed, and hashed assets as the build compressed them, immutable, each copy with its own ETag', async () => {
    for (const coding of CODINGS) {
      const html = await send(`${server.url}/programs/pcs`, {
        headers: { 'accept-encoding': ACCEPTS[coding], accept: 'text/html' },
      });
      expectCoded(html, coding, Buffer.from(page));
      expect(html.headers['cache-control']).toBe('no-cache');
      const revalidated = await send(`${server.url}/programs/pcs`, {
        headers: { 'accept-encoding': ACCEPTS[coding], accept: 'text/html', 'if-none-match': html.headers.etag as string },
      });
      expect(revalidated.status).toBe(304);
      const head = await send(`${server.url}/join`, {
        method: 'HEAD',
        headers: { 'accept-encoding': ACCEPTS[coding], accept: 'text/html' },
      });
      expect(head.status).toBe(200);
      expect(head.wire.length).toBe(0);
    }
    const etags = new Set<string>();
    for (const coding of CODINGS) {
      const asset = await send(`${server.url}/assets/index-Ab12Cd34.js`, { headers: { 'accept-encoding': ACCEPTS[coding] } });
      expectCoded(asset, coding, Buffer.from(script));
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-type']).toMatch(/javascript/);
      etags.add(asset.headers.etag as string);
      const revalidated = await send(`${server.url}/assets/index-Ab12Cd34.js`, {
        headers: { 'accept-encoding': ACCEPTS[coding], 'if-none-match': asset.headers.etag as string },
      });
      expect(revalidated.status).toBe(304);
      const head = await send(`${server.url}/assets/index-Ab12Cd34.js`, {
        method: 'HEAD',
        headers: { 'accept-encoding': ACCEPTS[coding] },
      });
      expect(head.status).toBe(200);
      expect(head.wire.length).toBe(0);
      expect(head.headers['content-encoding']).toBe(asset.headers['content-encoding']);
    }
    expect(etags.size).toBe(3);
  });

  it('sends small answers as they are', async () => {
    const answer = await send(`${server.url}/healthz`, { headers: { 'accept-encoding': ACCEPTS.br } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });
});
