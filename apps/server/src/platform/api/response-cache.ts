import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import Negotiator from 'negotiator';
import type { DataSource } from 'typeorm';
import { currentStatementTally } from '../../db/sql-statement-counter.js';
import { logger } from '../../shared/logger.js';
import { type CatalogRevisionReader, catalogRevisionReader } from '../catalog-revision/catalog-revision.js';
import { SESSION_COOKIE } from '../session/session.service.js';
import { type ApiClient, anonymousClient, loggedClient } from './api-client.js';
import { clientAddress } from './client-address.js';
import {
  acceptsGzipFor,
  type ContentCoding,
  codedEtag,
  compress,
  contentCodingFor,
  type GzipPart,
  gzipPart,
  gzipWithTail,
} from './compression.js';
import { type CorsPolicy, corsHeaders } from './cors.js';
import { ifNoneMatchMatches, strongEtag } from './etag.js';
import { type ApiKeyLookup, KnownApiKeys } from './known-api-keys.js';
import { BudgetExceeded, type BudgetState, budgetExtension, budgetHeaders, type RequestBudgets } from './request-budgets.js';
import { requestLocals } from './request-log.js';
import { SECURITY_HEADER_LINES } from './security-headers.js';

/** How long HTTP caches (browsers, proxies, CDNs) may reuse a public answer, and serve it stale while they revalidate. */
export interface HttpCachePolicy {
  maxAgeSeconds: number;
  staleWhileRevalidateSeconds: number;
}

export const DEFAULT_HTTP_CACHE_POLICY: HttpCachePolicy = { maxAgeSeconds: 5, staleWhileRevalidateSeconds: 30 };

export interface ResponseCacheOptions {
  dataSource: DataSource;
  /** Answers kept at most; the least recently used go first. */
  maxEntries: number;
  /**
   * Bytes the kept answers (and their keys) may take at most, the least recently used going first;
   * an answer larger than `1 / LARGEST_SHARE` of it is not kept at all, and one of
   * `ADMIT_AT_ONCE_BYTES` or more only at its request's second asking. Left out: no bound.
   */
  maxBytes?: number;
  http: HttpCachePolicy;
  budgets: RequestBudgets;
  /** API keys, for their clients' public reads to be answered from here too. */
  apiKeys: ApiKeyLookup;
  /** Also says whether `X-Forwarded-For` names the client (budgets count per address). */
  cors: CorsPolicy;
  maxBodyBytes: number;
  /** Answer `X-Count-SQL: true` with `X-SQL-Statements` (the revision read): tests, benchmark. */
  exposeStatementCount: boolean;
  /**
   * Whether a GET of this URL (path and query) is a page of the public site, kept by `sendPage`
   * (server-rendered HTML, the sitemap, robots.txt); left out: only GraphQL answers are kept.
   */
  isPage?: (url: string) => boolean;
  /** Told of each request answered from here (metrics). */
  onAnswer?: (answer: { operationName: string | null; cost: number; notModified: boolean; seconds: number }) => void;
}

/**
 * One public answer, kept as the bytes that were sent (no ETag for POST: nothing revalidates a POST).
 * A compressed copy of the body belongs beside `body`, made once and kept with it under the same revision.
 */
interface CachedAnswer {
  revision: number;
  /** A GraphQL answer, or a page of the public site (HTML, the sitemap…), whose status may be 404 or 410. */
  kind: 'graphql' | 'page';
  status: number;
  /** GET: the whole body. POST: the body before `,"budget":…}}` (POST answers report the caller's budget). */
  body: Buffer;
  etag: string;
  contentType: string;
  cost: number;
  operationName: string | null;
  /** The security headers it goes out with: a page's own (its policy allows its inline style), or everyone's (`SECURITY_HEADER_LINES`). */
  securityHeaderLines: readonly string[];
  /** GET: the answer as it is and in each coding asked for so far, with its headers; each made once, on first asking. */
  representations?: Partial<Record<ContentCoding | 'identity', Representation>>;
  /** POST: the body compressed once as the first part of a gzip answer (see `gzipWithTail`). */
  gzipPart?: GzipPart;
  /** What `sizeOf` counted when it was kept. */
  size?: number;
}

/** A GET answer's bytes in one coding, and the headers of its 200 and 304, put together once (a hit only sends them). */
interface Representation {
  body: Buffer;
  etag: string;
  /** Anonymous callers: shared caches may keep it. */
  shared: HeaderLines;
  /** API-key callers: `private`. */
  own: HeaderLines;
}

interface HeaderLines {
  ok: string[];
  notModified: string[];
}

/** A request the front door answers from an entry: who asked, and what finding the entry cost. */
interface CacheHit {
  key: string;
  entry: CachedAnswer;
  client: ApiClient;
  /** Statements the revision read took. */
  statements: number;
  started: number;
}

/** What the front door learnt of a request it could not answer, for Apollo's plugin to keep the answer. */
export interface CacheSlot {
  key: string;
  revision: number;
  /** Statements the revision read took: 0 when it was pushed (PostgreSQL LISTEN/NOTIFY). */
  statements: number;
}

/** What the plugin reads of the request's context (context.ts builds it; this file stays below it). */
interface CacheableContext {
  actor: unknown;
  privateAnswer?: boolean;
  client: ApiClient;
  responseCacheSlot?: CacheSlot | null;
}

/** An anonymous caller when no budget counts callers (RATE_LIMIT=off). */
const UNCOUNTED: ApiClient = Object.freeze({ kind: 'anonymous', id: 'address:uncounted' });

/** An answer taking more than this share of the cache's bytes is not kept: it would push out many others. */
export const LARGEST_SHARE = 8;

/**
 * An answer of at least this many bytes is kept only when its request comes a second time: a
 * one-off (a query with new variables each time, at a megabyte an answer) would otherwise push out
 * answers that are asked again, and fill the cache's bytes with what is never read. Smaller ones
 * are kept at once: they cost little room, and the many small repeated reads gain from the first.
 */
export const ADMIT_AT_ONCE_BYTES = 64 * 1024;
/** Large answers' requests seen once and not yet again, remembered at most (as digests of their keys). */
const ASKED_ONCE_KEPT = 4096;

const GET_PREFIX = 'GET\n';
const POST_PREFIX = 'POST\n';
const PAGE_PREFIX = 'PAGE\n';
/** What a shared GET answer depends on besides its URL: the media type asked for, CORS headers, and the coding. */
const VARY = 'Accept, Origin, Accept-Encoding';
/** A page is the same for every browser but for its coding. */
const PAGE_VARY = 'Accept-Encoding';
/**
 * Pages are checked with the server on every visit (`no-cache`): a revalidation is a 304 from
 * memory, and a status change shows on the very next request.
 */
const PAGE_CACHE_CONTROL = 'public, no-cache';

/**
 * The response cache of public queries, in front of Express and GraphQL: a repeated query (GET,
 * an automatic persisted query's hash, or the same POST body) is answered from memory with no
 * parsing, validation or execution. Each request is still checked against the catalogue revision
 * (which every public change moves inside its own transaction: one statement per burst, none on
 * PostgreSQL while the pushed revision is proven current), so an answer is never served after a
 * write that changed it, from whichever process the write came. GET answers carry
 * a strong ETag of their bytes and `Cache-Control`, and a matching `If-None-Match` gets 304.
 * API-key clients share the anonymous answers (an API key reads the same public data): one entry,
 * keyed without the key, serves both, while the key's quota is charged and its use counted, and
 * its GET answers say `private`. Staff sessions (whose answers may hold staff-only fields),
 * mutations, errors and private answers (an applicant's own application) are never kept or
 * served from here.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedAnswer>();
  /** What the entries take, as `sizeOf` counts it. */
  private bytes = 0;
  /** Digests of the keys of large answers executed once (see `ADMIT_AT_ONCE_BYTES`), oldest first. */
  private readonly askedOnce = new Set<string>();
  private readonly slots = new WeakMap<IncomingMessage, CacheSlot>();
  private readonly bodies = new WeakMap<IncomingMessage, Buffer>();
  /** Requests handed on with an API key: its client, or null when it is no working key (Express answers 401 without looking again). */
  private readonly apiKeyClients = new WeakMap<IncomingMessage, ApiClient | null>();
  private readonly knownApiKeys: KnownApiKeys;
  private readonly readRevision: CatalogRevisionReader;
  private readonly publicCacheControl: string;
  private readonly privateCacheControl: string;

  constructor(private readonly options: ResponseCacheOptions) {
    this.readRevision = catalogRevisionReader(options.dataSource);
    this.knownApiKeys = new KnownApiKeys(options.apiKeys);
    const { maxAgeSeconds, staleWhileRevalidateSeconds } = options.http;
    const freshness = `max-age=${maxAgeSeconds}, stale-while-revalidate=${staleWhileRevalidateSeconds}`;
    this.publicCacheControl = `public, ${freshness}`;
    this.privateCacheControl = `private, ${freshness}`;
  }

  /** Whether `serve` might answer this request: an anonymous or API-key GET or JSON POST to /graphql. */
  wants(request: IncomingMessage): boolean {
    if (this.options.maxEntries === 0) return false;
    const { method, headers } = request;
    if (method !== 'GET' && method !== 'POST') return false;
    // SESSION_COOKIE is part of both names the cookie has (session.service.ts `sessionCookieName`).
    if (headers.cookie?.includes(SESSION_COOKIE) || headers['x-apollo-tracing']) return false;
    if (headers.authorization && !/^bearer\s/i.test(headers.authorization)) return false;
    const url = request.url ?? '';
    if (method === 'GET') return url.startsWith('/graphql?') || (this.isPage(url) && acceptsPage(headers.accept));
    return (
      url === '/graphql' &&
      !headers['content-encoding'] &&
      (headers['content-type'] ?? '').toLowerCase().startsWith('application/json') &&
      Number(headers['content-length'] ?? Number.NaN) <= this.options.maxBodyBytes
    );
  }

  /**
   * Answers the request from memory, or hands it to `fallback` (Express) with what it learnt.
   */
  serve(request: IncomingMessage, response: ServerResponse, fallback: () => void): void {
    const accept = request.headers.accept ?? '';
    if (request.method === 'GET' && !request.url?.startsWith('/graphql?')) {
      // A page is the same HTML (or XML, text) whatever the Accept header; the router refuses those that want none.
      this.serveKey(request, response, `${PAGE_PREFIX}${request.url}`, fallback);
      return;
    }
    if (request.method === 'GET') {
      this.serveKey(request, response, `${accept}\n${GET_PREFIX}${request.url}`, fallback);
      return;
    }
    this.readBody(request).then(
      (body) => this.serveKey(request, response, `${accept}\n${POST_PREFIX}${body}`, fallback),
      // The body could not be read (the client went away): nothing to answer.
      () => response.destroy(),
    );
  }

  private serveKey(request: IncomingMessage, response: ServerResponse, key: string, fallback: () => void): void {
    const started = performance.now();
    const unanswerable = (error: unknown) => {
      // The database could not be asked, or a fault of ours: Express answers, unless the answer had begun.
      logger.error({ err: error }, 'The response cache could not answer; Express will.');
      if (response.headersSent) response.destroy();
      else fallback();
    };
    this.readRevision()
      .then(({ revision, fromDatabase }) => {
        const found = { key, revision, statements: fromDatabase ? 1 : 0, started };
        const client = this.requestClient(request, revision);
        // A key not seen at this revision is looked up; every other caller is known at once.
        if (client instanceof Promise) return client.then((looked) => this.serveAs(request, response, found, looked, fallback));
        return this.serveAs(request, response, found, client, fallback);
      })
      .catch(unanswerable);
  }

  /** Answers from the entry of `found.key` if it is of the revision read, or hands the request on to `fallback`. */
  private serveAs(
    request: IncomingMessage,
    response: ServerResponse,
    found: { key: string; revision: number; statements: number; started: number },
    client: ApiClient | null,
    fallback: () => void,
  ): void {
    const { key, revision, statements, started } = found;
    const handOn = () => {
      // Only for a request Express answers: a hit needs no note.
      if (client?.kind !== 'anonymous') this.apiKeyClients.set(request, client);
      if (client) this.slots.set(request, { key, revision, statements });
      fallback();
    };
    // Not a working key: Express answers 401.
    if (!client) {
      handOn();
      return;
    }
    const entry = this.entries.get(key);
    if (entry?.revision === revision) {
      this.answer(request, response, { key, entry, client, statements, started }, handOn);
      return;
    }
    if (entry) this.forget(key);
    handOn();
  }

  /** Who asks: the address, or the working API key it presents; null for any other key. */
  private requestClient(request: IncomingMessage, revision: number): ApiClient | Promise<ApiClient | null> | null {
    const { authorization } = request.headers;
    if (!authorization) {
      // The address only counts for a budget: with none, an anonymous hit need not work it out.
      return this.options.budgets.policy ? anonymousClient(clientAddress(request, this.options.cors.trustProxy)) : UNCOUNTED;
    }
    return this.knownApiKeys.clientOf(authorization, revision);
  }

  /**
   * What `serve` found of the API key of a request it handed on: its client (its use counted
   * already), or null for a key that is no working one (looked up once: Express answers 401 from
   * this); undefined when it did not look (no key, or the request did not come through here).
   */
  apiKeyClientOf(request: IncomingMessage): ApiClient | null | undefined {
    return this.apiKeyClients.get(request);
  }

  /** The body `serve` read already, as it came (the endpoint checks its bytes), for the endpoint to parse instead of reading the request. */
  bodyReadFrom(request: IncomingMessage): Buffer | undefined {
    return this.bodies.get(request);
  }

  /** Keeps anonymous public answers; sets ETag, Cache-Control and 304 on every GET answer. Place it after the API plugin. */
  plugin(): ApolloServerPlugin<CacheableContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ request, response, contextValue, operation }) => {
          const { body, http } = response;
          const method = request.http?.method;
          const result = body.kind === 'single' ? body.singleResult : null;
          const shareable =
            result !== null &&
            !result.errors &&
            operation?.operation === 'query' &&
            !contextValue.actor &&
            !contextValue.privateAnswer;
          if (!shareable || !result) {
            http.headers.set(
              'cache-control',
              contextValue.actor || contextValue.privateAnswer ? 'private, no-store' : 'no-store',
            );
            return;
          }
          const anonymous = contextValue.client.kind === 'anonymous';
          const slot = contextValue.responseCacheSlot;
          // What the request read was all committed (readers never see a write under way), and at
          // least as new as the revision: kept under it, it is never served after a later change.
          // The front door gives a slot to anonymous and API-key requests only: both read the same public data.
          const keep = contextValue.client.kind !== 'staff' && slot !== null && slot !== undefined;
          // A POST answer that is not kept needs nothing more from here.
          if (method !== 'GET' && !keep) return;
          // Chosen here as Apollo would (which keeps a type already set), so the kept answer has it too.
          const contentType = responseMediaType(request.http?.headers.get('accept'));
          if (!contentType) return;
          http.headers.set('content-type', contentType);
          const answer = { data: result.data, extensions: withoutBudget(result) };
          // A POST's answer is serialised here only to be kept (Apollo serialises what it sends):
          // one sure to be large (a query with new variables, a megabyte at 2,000 programs) is
          // judged without it, and turned away at its first asking as `admits` would.
          const surelyLarge = method !== 'GET' && keep && jsonLengthReaches(answer, ADMIT_AT_ONCE_BYTES);
          if (surelyLarge && !this.admits(slot.key, ADMIT_AT_ONCE_BYTES)) return;
          const text = JSON.stringify(answer);
          const entryBody = method === 'GET' ? `${text}\n` : text.slice(0, -2);
          // A large answer asked for the first time is not kept: not even copied into a buffer (a POST needs nothing more).
          const admitted = keep && (surelyLarge || this.admits(slot.key, entryBody.length));
          if (method !== 'GET' && !admitted) return;
          const etag = method === 'GET' ? strongEtag(entryBody) : '';
          if (method === 'GET') {
            // The compression middleware sends the answer in this coding: its tag names it.
            const sentEtag = codedEtag(
              etag,
              contentCodingFor(request.http?.headers.get('accept-encoding'), Buffer.byteLength(entryBody)),
            );
            http.headers.set('etag', sentEtag);
            http.headers.set('cache-control', anonymous ? this.publicCacheControl : this.privateCacheControl);
            http.headers.set('vary', VARY);
            if (ifNoneMatchMatches(request.http?.headers.get('if-none-match'), sentEtag)) http.status = 304;
          }
          if (!admitted) return;
          this.remember(slot.key, {
            revision: slot.revision,
            kind: 'graphql',
            status: 200,
            body: Buffer.from(entryBody),
            etag,
            contentType,
            cost: (result.extensions?.cost as { requested?: number } | undefined)?.requested ?? 1,
            operationName: operation.name?.value ?? request.operationName ?? null,
            securityHeaderLines: SECURITY_HEADER_LINES,
          });
        },
      }),
    };
  }

  /**
   * Answers a GET of a page (`isPage`) and keeps it, when it may be shared, under the revision read
   * before it was made. A shareable page goes out as a hit would send it: in the coding the request
   * accepts, compressed here (the compression middleware leaves it), under that coding's strong ETag
   * (304 when `If-None-Match` matches it), so the first answer and every later one from memory are
   * the same representation, and revalidate alike. `securityHeaderLines` (a page's own, whose policy
   * allows its inline style) replace the ones every answer starts with, now and on every hit.
   */
  sendPage(
    request: IncomingMessage,
    response: ServerResponse,
    page: {
      status: number;
      contentType: string;
      body: string | Buffer;
      shareable: boolean;
      securityHeaderLines?: readonly string[];
    },
  ): void {
    const body = typeof page.body === 'string' ? Buffer.from(page.body) : page.body;
    const securityHeaderLines = page.securityHeaderLines ?? SECURITY_HEADER_LINES;
    if (!page.shareable) {
      response.writeHead(page.status, {
        ...headerObject(securityHeaderLines),
        'cache-control': 'no-store',
        'content-type': page.contentType,
        'content-length': body.length,
      });
      response.end(body);
      return;
    }
    const entry: CachedAnswer = {
      revision: 0,
      kind: 'page',
      status: page.status,
      body,
      etag: strongEtag(body),
      contentType: page.contentType,
      cost: 1,
      operationName: null,
      securityHeaderLines,
    };
    const coding = contentCodingFor(request.headers['accept-encoding'], body.length);
    const slot = this.slots.get(request);
    let representation: Representation;
    if (slot && this.admits(slot.key, body.length)) {
      entry.revision = slot.revision;
      this.remember(slot.key, entry);
      representation = this.represent(slot.key, entry, coding);
    } else {
      // Not kept (the cache did not hand this request on): the same representation, made for this answer only.
      representation = this.representationOf(entry, coding);
    }
    const { ok, notModified } = representation.shared;
    // Headers given to writeHead take the place of those Express set (`setSecurityHeaders`).
    if (ifNoneMatchMatches(request.headers['if-none-match'], representation.etag))
      response.writeHead(304, headerObject([...securityHeaderLines, ...notModified])).end();
    else response.writeHead(page.status, headerObject([...securityHeaderLines, ...ok])).end(representation.body);
  }

  /**
   * What the plugin needs of a request `serve` handed on, for the GraphQL endpoint to put in its
   * context. The revision read it made counts in the request's X-SQL-Statements, as on a hit.
   */
  slotOf(request: IncomingMessage): CacheSlot | null {
    const slot = this.slots.get(request) ?? null;
    const tally = currentStatementTally();
    if (slot && tally) tally.count += slot.statements;
    return slot;
  }

  /** Spends the answer's cost from the caller's budget and sends it; over budget, `refused` (Express answers 429). */
  private answer(request: IncomingMessage, response: ServerResponse, hit: CacheHit, refused: () => void): void {
    const { budgets } = this.options;
    if (!budgets.policy) {
      this.send(request, response, hit, null);
      return;
    }
    budgets.spend(hit.client, hit.entry.cost).then(
      (budget) => this.send(request, response, hit, budget),
      (error: unknown) => {
        if (!(error instanceof BudgetExceeded)) logger.error({ err: error }, 'The response cache could not spend from a budget.');
        refused();
      },
    );
  }

  private send(request: IncomingMessage, response: ServerResponse, hit: CacheHit, budget: BudgetState | null): void {
    const { key, entry, client, statements, started } = hit;
    this.touch(key, entry);
    const locals = requestLocals(response);
    locals.usage = { operationName: entry.operationName, cost: entry.cost, client: loggedClient(client) };
    locals.budget = budget;
    // Every header in one array for `writeHead`: none set one by one before it, so Node takes its
    // fast path (set headers would make it remove and add each of the answer's again).
    const lines = ['x-request-id', locals.requestId, ...entry.securityHeaderLines];
    if (entry.kind === 'graphql') {
      // The answer's own Vary (which names Origin) stands for the CORS one.
      for (const [name, value] of corsHeaders(request, this.options.cors)) if (name !== 'vary') lines.push(name, value);
    }
    if (budget) for (const [name, value] of budgetHeaders(budget)) lines.push(name, value);
    if (this.options.exposeStatementCount && request.headers['x-count-sql'] === 'true')
      lines.push('x-sql-statements', String(statements));
    let notModified = false;
    if (request.method === 'POST') {
      const tail = Buffer.from(`,"budget":${JSON.stringify(budgetExtension(budget))}}}\n`);
      if (acceptsGzipFor(request.headers['accept-encoding'], entry.body.length)) {
        const body = gzipWithTail(this.gzipPartOf(key, entry), tail);
        lines.push('content-type', entry.contentType, 'content-encoding', 'gzip', 'vary', 'Accept-Encoding');
        response.writeHead(200, [...lines, 'content-length', String(body.length)]);
        response.end(body);
      } else {
        lines.push('content-type', entry.contentType, 'vary', 'Accept-Encoding');
        response.writeHead(200, [...lines, 'content-length', String(entry.body.length + tail.length)]);
        response.end(Buffer.concat([entry.body, tail], entry.body.length + tail.length));
      }
    } else {
      const coding = contentCodingFor(request.headers['accept-encoding'], entry.body.length);
      const representation = entry.representations?.[coding ?? 'identity'] ?? this.represent(key, entry, coding);
      // An API key's answer is its own: no shared cache may keep it for others (nor count it to them).
      const headers = client.kind === 'anonymous' ? representation.shared : representation.own;
      notModified = ifNoneMatchMatches(request.headers['if-none-match'], representation.etag);
      if (notModified) response.writeHead(304, lines.concat(headers.notModified)).end();
      else response.writeHead(entry.kind === 'page' ? entry.status : 200, lines.concat(headers.ok)).end(representation.body);
    }
    const { operationName, cost } = entry;
    this.options.onAnswer?.({ operationName, cost, notModified, seconds: (performance.now() - started) / 1000 });
  }

  /** The entry's GET answer in `coding` (null: as it is), made on first asking: compressed once, headers put together once. */
  private represent(key: string, entry: CachedAnswer, coding: ContentCoding | null): Representation {
    const made = this.representationOf(entry, coding);
    this.grow(key, entry, () => {
      entry.representations = { ...entry.representations, [coding ?? 'identity']: made };
    });
    return made;
  }

  /**
   * Adds to a kept entry what `add` puts in it (a compressed copy), counted in the bytes like the
   * rest, which may then let older entries go (or this one, grown too large). An entry no longer
   * kept (let go while its hit waited for the budget) is not put back.
   */
  private grow(key: string, entry: CachedAnswer, add: () => void): void {
    const kept = this.entries.get(key) === entry;
    // Out of the count while it grows: `remember` counts it again, whole.
    if (kept) this.forget(key);
    add();
    if (kept) this.remember(key, entry);
  }

  /**
   * Whether an answer of `size` bytes to the request of `key` may be kept now: a small one at once,
   * a large one when its request was seen before (see `ADMIT_AT_ONCE_BYTES`).
   */
  private admits(key: string, size: number): boolean {
    if (size < ADMIT_AT_ONCE_BYTES) return true;
    const digest = hash('sha256', key, 'base64');
    if (this.askedOnce.delete(digest)) return true;
    if (this.askedOnce.size >= ASKED_ONCE_KEPT) this.askedOnce.delete(this.askedOnce.values().next().value as string);
    this.askedOnce.add(digest);
    return false;
  }

  /** The entry's GET answer in `coding`: its bytes, compressed, and its headers. */
  private representationOf(entry: CachedAnswer, coding: ContentCoding | null): Representation {
    const body = coding ? compress(entry.body, coding) : entry.body;
    const etag = codedEtag(entry.etag, coding);
    const content = [
      'content-type',
      entry.contentType,
      ...(coding ? ['content-encoding', coding] : []),
      'content-length',
      String(body.length),
    ];
    const lines = (cacheControl: string, vary: string): HeaderLines => {
      const validators = ['etag', etag, 'cache-control', cacheControl, 'vary', vary];
      return { notModified: validators, ok: [...validators, ...content] };
    };
    const shared = entry.kind === 'page' ? lines(PAGE_CACHE_CONTROL, PAGE_VARY) : lines(this.publicCacheControl, VARY);
    return { body, etag, shared, own: entry.kind === 'page' ? shared : lines(this.privateCacheControl, VARY) };
  }

  /** The entry's POST body as the first part of a gzip answer, compressed on first asking. */
  private gzipPartOf(key: string, entry: CachedAnswer): GzipPart {
    if (entry.gzipPart) return entry.gzipPart;
    const part = gzipPart(entry.body);
    this.grow(key, entry, () => {
      entry.gzipPart = part;
    });
    return part;
  }

  /** Moves a kept answer to the most recent (if it is still kept: an answer too large never was). */
  private touch(key: string, entry: CachedAnswer): void {
    if (this.entries.delete(key)) this.entries.set(key, entry);
  }

  /** Keeps (or moves to the most recent) an answer, then lets the least recent go while over a bound. */
  private remember(key: string, entry: CachedAnswer): void {
    this.forget(key);
    const size = sizeOf(key, entry);
    const maxBytes = this.options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (size > maxBytes / LARGEST_SHARE) return;
    entry.size = size;
    this.entries.set(key, entry);
    this.bytes += size;
    while (this.entries.size > this.options.maxEntries || this.bytes > maxBytes) {
      this.forget(this.entries.keys().next().value as string);
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size ?? 0;
  }

  /** How many answers are kept and the bytes they take: tests, metrics. */
  usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private isPage(url: string): boolean {
    return this.options.isPage?.(url) ?? false;
  }

  private readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
      });
      request.once('end', () => {
        if (size > this.options.maxBodyBytes) return reject(new Error('body larger than its content-length'));
        const bytes = Buffer.concat(chunks, size);
        this.bodies.set(request, bytes);
        // Only a key: a body that is not valid UTF-8 is refused by the endpoint, and never kept.
        resolve(bytes.toString('utf8'));
      });
      request.once('error', reject);
    });
  }
}

/** The bytes an entry holds: its body and key (a POST key holds the whole request body), and its headers. */
function sizeOf(key: string, entry: CachedAnswer): number {
  let size = key.length + entry.body.length + entry.etag.length + entry.contentType.length;
  for (const representation of Object.values(entry.representations ?? {})) {
    // The identity representation shares the entry's body.
    if (representation.body !== entry.body) size += representation.body.length;
    size += representation.etag.length;
  }
  return size + (entry.gzipPart?.deflated.length ?? 0);
}

/**
 * Header lines (name, value, name, value…) as an object: what goes through Express keeps its
 * middleware's view of the headers (the compression middleware sees the coding, and leaves the body).
 */
function headerObject(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < lines.length; index += 2) headers[lines[index] as string] = lines[index + 1] as string;
  return headers;
}

/** Whether a client with this Accept header takes a page (a browser, curl, a crawler): the page router's own test. */
function acceptsPage(accept: string | undefined): boolean {
  return !accept || new Negotiator({ headers: { accept } }).mediaType(['text/html']) !== undefined;
}

const MEDIA_TYPES = ['application/json; charset=utf-8', 'application/graphql-response+json; charset=utf-8'];

/** Apollo's choice (`chooseContentTypeForSingleResultResponse`) between the two JSON types; null: leave it to Apollo. */
function responseMediaType(accept: string | undefined): string | null {
  if (!accept) return MEDIA_TYPES[0] as string;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([
    ...MEDIA_TYPES,
    'application/json; callbackSpec=1.0; charset=utf-8',
  ]);
  return preferred && MEDIA_TYPES.includes(preferred) ? preferred : null;
}

/**
 * Whether `value`'s JSON text (`JSON.stringify`) surely has `limit` characters or more, by a lower
 * bound of its length (strings and keys as if nothing needed escaping, every number, or object
 * serialised by its own `toJSON`, one character) that stops counting at `limit`: a large answer
 * costs a walk of its first `limit` characters' worth, not a serialisation of the whole. False: it
 * may be shorter. A small answer is walked whole, at about a quarter of its serialisation's cost
 * (5 against 20 µs for 6 KB; `Object.entries` made it cost as much), so `for…in`.
 */
export function jsonLengthReaches(value: unknown, limit: number): boolean {
  let length = 0;
  const reaches = (node: unknown): boolean => {
    if (typeof node === 'string') length += node.length + 2;
    else if (typeof node !== 'object' || node === null) length += 1;
    else if (Array.isArray(node)) {
      // The brackets and the commas between items.
      length += node.length + 1;
      for (const item of node) if (reaches(item)) return true;
    } else if (typeof (node as { toJSON?: unknown }).toJSON === 'function') length += 1;
    else {
      // The braces and the commas; each member `"key":` and its value (JSON leaves some members out).
      length += 1;
      const members = node as Record<string, unknown>;
      for (const key in members) {
        if (!Object.hasOwn(members, key)) continue;
        const member = members[key];
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        length += key.length + 4;
        if (reaches(member)) return true;
      }
    }
    return length >= limit;
  };
  return reaches(value);
}

function withoutBudget(result: FormattedExecutionResult): Record<string, unknown> {
  const { budget: _budget, ...rest } = result.extensions ?? {};
  return rest;
}
