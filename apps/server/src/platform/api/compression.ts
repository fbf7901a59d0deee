import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import compression from 'compression';
import type { RequestHandler } from 'express';

/**
 * The negotiator the `compression` middleware chooses with (its own version, which parses
 * `Accept-Encoding` a little differently from the newer one the server has), so that the coding an
 * ETag names is the coding the middleware sends.
 */
const require = createRequire(import.meta.url);
const Negotiator = require(require.resolve('negotiator', { paths: [require.resolve('compression')] })) as new (request: {
  headers: Record<string, string>;
}) => { encoding(available: string[], preferred: string[]): string | undefined };

/**
 * Compression of the server's answers. Every answer of at least `COMPRESSION_THRESHOLD_BYTES`
 * goes out in the best coding the client accepts, brotli first, then gzip (deflate only to a
 * client that accepts nothing else): the `compression` middleware for what Express answers, and
 * the response cache for what it keeps (compressed once per answer and coding, not per request).
 * Both choose with the same negotiation, so a strong ETag can name the coding (see `codedEtag`).
 */
export type ContentCoding = 'br' | 'gzip' | 'deflate';

/** Answers smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** As the `compression` middleware offers them (its SUPPORTED_ENCODING and PREFERRED_ENCODING). */
const OFFERED = ['br', 'gzip', 'deflate', 'identity'];
const PREFERRED = ['br', 'gzip'];
const GZIP_ONLY = ['gzip', 'identity'];

/** Brotli's quality 4: close to gzip's speed, smaller answers; 11 is for assets compressed once at build time. */
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 },
};

/** Few distinct `Accept-Encoding` values reach a server: each is negotiated once, for all answers and for POST answers from the cache. */
const negotiated = new Map<string, ContentCoding | null>();
const NEGOTIATED_KEPT = 128;

function negotiate(acceptEncoding: string, offered: string[], preferred: string[]): ContentCoding | null {
  const key = `${offered.length}${acceptEncoding}`;
  let coding = negotiated.get(key);
  if (coding === undefined) {
    const choice = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encoding(offered, preferred);
    coding = choice && choice !== 'identity' ? (choice as ContentCoding) : null;
    if (negotiated.size >= NEGOTIATED_KEPT) negotiated.clear();
    negotiated.set(key, coding);
  }
  return coding;
}

/**
 * The coding an answer of `byteLength` bytes goes out in, to a request with this `Accept-Encoding`:
 * null for none (identity). A HEAD answer names the coding its GET would have, in its ETag.
 */
export function contentCodingFor(acceptEncoding: string | null | undefined, byteLength: number): ContentCoding | null {
  if (!acceptEncoding || byteLength < COMPRESSION_THRESHOLD_BYTES) return null;
  return negotiate(acceptEncoding, OFFERED, PREFERRED);
}

/**
 * The strong ETag of an answer sent in `coding`, from the tag of its uncompressed bytes: each coding
 * is a representation of its own, and RFC 9110 (§8.8.1) wants different strong tags for them. A
 * client (or shared cache, which stores by `Vary: Accept-Encoding`) revalidates with the tag it
 * got, and the server, choosing the same coding for the same `Accept-Encoding`, recognises it.
 */
export function codedEtag(etag: string, coding: ContentCoding | null): string {
  return coding ? `${etag.slice(0, -1)}.${coding}"` : etag;
}

const COMPRESSORS: Record<ContentCoding, (body: Buffer) => Buffer> = {
  br: (body) => zlib.brotliCompressSync(body, BROTLI_OPTIONS),
  gzip: (body) => zlib.gzipSync(body),
  deflate: (body) => zlib.deflateSync(body),
};

/** `body` in `coding`, as the middleware would send it. */
export function compress(body: Buffer, coding: ContentCoding): Buffer {
  return COMPRESSORS[coding](body);
}

/** Compresses what Express answers, as `contentCodingFor` chooses. */
export function compressAnswers(): RequestHandler {
  return compression({ threshold: COMPRESSION_THRESHOLD_BYTES, brotli: BROTLI_OPTIONS });
}

/**
 * A gzip answer made of a long part compressed once and a short tail compressed per request
 * (a cached POST answer, whose tail reports the caller's budget). The part ends in a full flush,
 * which empties the compressor's window, so the tail's deflate blocks follow it as one valid
 * stream; the trailer's CRC-32 continues the part's. Brotli has no such seam: POST answers from
 * the cache are offered in gzip only.
 */
export interface GzipPart {
  deflated: Buffer;
  crc: number;
  length: number;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

export function gzipPart(part: Buffer): GzipPart {
  return {
    deflated: zlib.deflateRawSync(part, { finishFlush: zlib.constants.Z_FULL_FLUSH }),
    crc: zlib.crc32(part),
    length: part.length,
  };
}

export function gzipWithTail(part: GzipPart, tail: Buffer): Buffer {
  const deflatedTail = zlib.deflateRawSync(tail);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(tail, part.crc), 0);
  trailer.writeUInt32LE((part.length + tail.length) % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, part.deflated, deflatedTail, trailer]);
}

/** Whether a request accepts gzip (the one coding of cached POST answers), for answers of `byteLength` bytes. */
export function acceptsGzipFor(acceptEncoding: string | undefined, byteLength: number): boolean {
  if (!acceptEncoding || byteLength < COMPRESSION_THRESHOLD_BYTES) return false;
  return negotiate(acceptEncoding, GZIP_ONLY, GZIP_ONLY) === 'gzip';
}
