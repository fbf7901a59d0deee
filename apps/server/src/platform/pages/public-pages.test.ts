import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeedProductPages } from '../../modules/directory/directory-seed.js';
import { ProductImportService } from '../../modules/directory/product-import.service.js';
import { policyDirectives } from '../../test/policy-directives.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { isKeptPageUrl, isPublicPageUrl } from './public-pages.js';

/**
 * A stand-in for the public site's server bundle (apps/catalog `entry-server.tsx`, tested in the
 * browser by apps/catalog/e2e): it renders what its operations answer, and counts its renders.
 */
const FAKE_ENTRY = `
export async function render({ url, origin, execute }) {
  globalThis.pageRenders = (globalThis.pageRenders ?? 0) + 1;
  const path = new URL(url, origin).pathname;
  const state = '<script type="application/json" id="server-state">{}</script>';
  const lang = path.startsWith('/de') ? 'de' : 'en';
  if (path === '/broken') {
    const { errors } = await execute({ query: '{ noSuchField }', variables: {}, operationName: null });
    return { status: 200, lang, head: '', body: errors[0].message, state };
  }
  if (path === '/me') {
    const { data } = await execute({ query: '{ me { email } }', variables: {}, operationName: null });
    return { status: 200, lang, head: '', body: 'me: ' + JSON.stringify(data.me), state };
  }
  const slug = /^\\/programs\\/([^/]+)$/.exec(path)?.[1];
  if (slug) {
    const { data } = await execute({
      query: 'query ProgramPage($slug: String!) { program(slug: $slug) { name admissionStatus } }',
      variables: { slug },
      operationName: 'ProgramPage',
    });
    const program = data.program;
    const status = !program ? 404 : program.admissionStatus === 'CLOSED' ? 410 : 200;
    return { status, lang, head: '<title>' + (program?.name ?? 'Not found') + '</title>', body: program ? program.name + ': ' + program.admissionStatus : 'Not found', state };
  }
  const { data } = await execute({ query: '{ programs(first: 100) { edges { node { name } } } }', variables: {}, operationName: null });
  // A page long enough to be compressed (every name 20 times), as real pages are.
  const times = path === '/long' ? 20 : 1;
  const names = data.programs.edges.map((edge) => edge.node.name).join('\\n');
  return { status: 200, lang, head: '<link rel="canonical" href="' + new URL(url, origin).href + '">', body: Array(times).fill(names).join('\\n'), state };
}
`;

/** The site's stylesheet, inline in the template as the build writes it (non-ASCII and a newline in it, as in the real one). */
const INLINE_STYLE = '.breadcrumb li+li:before{content:"›"}\n';
const TEMPLATE = `<!doctype html><html lang="en"><head><!--page-head--><script type="module" src="/assets/app.js"></script><style>${INLINE_STYLE}</style></head><body><div id="root"><!--page-body--></div><!--page-state--></body></html>`;

/** A hashed asset of the browser build, long enough to be compressed, and the copies its build made. */
const ASSET_PATH = '/assets/index-Ab12Cd34.js';
const ASSET = `export const programs = [${Array.from({ length: 400 }, (_, i) => `"program ${i}"`).join(',')}];\n`;
const BUILT_COPIES = {
  br: zlib.brotliCompressSync(ASSET, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: zlib.gzipSync(ASSET, { level: 1 }),
};

/** A GET with the bytes on the wire kept (fetch would ask for compression and undo it itself). */
function sendRaw(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; wire: Buffer }>((resolve, reject) => {
    httpGet(url, { headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, wire: Buffer.concat(chunks) }),
      );
      incoming.on('error', reject);
    }).on('error', reject);
  });
}

const renders = () => (globalThis as { pageRenders?: number }).pageRenders ?? 0;

describe('the public site rendered on the server, from the response cache', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'certhub-pages-'));
  const ASSET_FILE = () => path.join(root, 'catalog', ASSET_PATH);
  let server: TestServer;
  beforeAll(async () => {
    mkdirSync(path.join(root, 'catalog', 'assets'), { recursive: true });
    mkdirSync(path.join(root, 'dist-server'));
    writeFileSync(path.join(root, 'catalog', 'index.html'), TEMPLATE);
    writeFileSync(path.join(root, 'catalog', 'assets', 'app.js'), 'console.log(1)');
    // A hashed asset with the build's copies: brotli at its best quality, gzip at its fastest
    // level, neither what the server would make of it per request (checked below).
    writeFileSync(ASSET_FILE(), ASSET);
    writeFileSync(`${ASSET_FILE()}.br`, BUILT_COPIES.br);
    writeFileSync(`${ASSET_FILE()}.gz`, BUILT_COPIES.gzip);
    writeFileSync(path.join(root, 'dist-server', 'entry-server.js'), FAKE_ENTRY);
    server = await startTestServer(
      async (db) => {
        await importSeed(db.dataSource);
        const sbc = (await readSeedProductPages()).find(({ file }) => file === 'certification__infra-sbc.md');
        await new ProductImportService(db.dataSource).importPage(sbc?.source ?? '', { pageName: 'sbc' });
      },
      {
        catalogDist: path.join(root, 'catalog'),
        publicUrl: 'https://certhub.example.com',
      },
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (pathAndQuery: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${pathAndQuery}`, { headers: { accept: 'text/html,*/*;q=0.8', 'x-count-sql': 'true', ...headers } });

  async function setStatus(slug: string, status: string) {
    const editor = await server.signIn('EDITOR');
    const { body } = await editor.graphql<{ program: { id: string; version: number } }>(
      `query ($slug: String!) { program(slug: $slug) { id version } }`,
      { slug },
    );
    const program = body.data?.program;
    const move =
      status === 'CLOSED'
        ? editor.graphql(`mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { id } }`, {
            input: { programId: program?.id, expectedVersion: program?.version },
          })
        : editor.graphql(
            `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { id } }`,
            { input: { programId: program?.id, status, expectedVersion: program?.version } },
          );
    expect((await move).body.errors).toBeUndefined();
  }

  it('renders a page into the template with what its operations read, every program of the catalogue in it', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html><html lang="en"><head><link rel="canonical" href="https:\/\/certhub\.example\.com\/">/);
    for (const name of ['IP Phones', 'SIP Trunks', 'Migration']) expect(html).toContain(name);
    expect(html).toContain('</div><script type="application/json" id="server-state">{}</script></body>');
    expect(await (await get('/de')).text()).toMatch(/^<!doctype html><html lang="de"><head>/);
  });

  it('answers a repeated visit from memory with a strong ETag, and 304 when the browser has it', async () => {
    const first = await get('/?category=devices');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const rendered = renders();
    const second = await get('/?category=devices');
    expect(renders()).toBe(rendered);
    expect(second.headers.get('x-sql-statements')).toBe('1');
    expect(second.headers.get('etag')).toBe(etag);
    expect(await second.text()).toBe(await first.text());
    const revalidated = await get('/?category=devices', { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(renders()).toBe(rendered);
  });

  it('sends the first answer of a page as later ones from memory: the same coding, the same ETag, 304 on revalidation', async () => {
    for (const [acceptEncoding, coding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const address = `/long?coding=${coding}`;
      const rendered = renders();
      const first = await get(address, { 'accept-encoding': acceptEncoding });
      expect(renders()).toBe(rendered + 1);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(coding ? new RegExp(`^"[\\w-]+\\.${coding}"$`) : /^"[\w-]+"$/);
      expect(first.headers.get('content-encoding')).toBe(coding);
      expect(first.headers.get('vary')).toBe('Accept-Encoding');
      const html = await first.text();
      expect(html.match(/IP Phones/g)).toHaveLength(20);

      const second = await get(address, { 'accept-encoding': acceptEncoding });
      expect(renders()).toBe(rendered + 1);
      expect(second.headers.get('etag')).toBe(etag);
      expect(second.headers.get('content-encoding')).toBe(coding);
      expect(await second.text()).toBe(html);

      const revalidated = await get(address, { 'accept-encoding': acceptEncoding, 'if-none-match': etag });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(renders()).toBe(rendered + 1);
    }
  });

  it('answers a first visit that already has the page (its ETag) with 304, rendered but not sent', async () => {
    const { headers } = await get('/long?first=1', { 'accept-encoding': 'br' });
    await setStatus('sbc', 'SEEKING_PARTNERS');
    await setStatus('sbc', 'NOT_SEEKING_PARTNERS');
    // The catalogue moved on and back: the page is rendered again, to the same bytes, and not sent.
    const rendered = renders();
    const again = await get('/long?first=1', { 'accept-encoding': 'br', 'if-none-match': headers.get('etag') ?? '' });
    expect(renders()).toBe(rendered + 1);
    expect(again.status).toBe(304);
  });

  it('renders again on the very next request after a status change', async () => {
    const before = await get('/programs/pcs');
    expect(await before.text()).toContain('PCs: NOT_SEEKING_PARTNERS');
    await get('/programs/pcs');
    const rendered = renders();
    await setStatus('pcs', 'SEEKING_PARTNERS');
    const after = await get('/programs/pcs', { 'if-none-match': before.headers.get('etag') ?? '' });
    expect(after.status).toBe(200);
    expect(renders()).toBe(rendered + 1);
    expect(await after.text()).toContain('PCs: SEEKING_PARTNERS');
  });

  it('keeps the status of a page: 404 for nothing there, 410 for a closed program', async () => {
    for (const attempt of [1, 2]) {
      const missing = await get('/programs/no-such-program');
      expect(missing.status, `attempt ${attempt}`).toBe(404);
      expect(missing.headers.get('x-sql-statements'), `attempt ${attempt}`).toBe(attempt === 1 ? null : '1');
    }
    await setStatus('migration', 'CLOSED');
    for (const attempt of [1, 2]) {
      const closed = await get('/programs/migration');
      expect(closed.status, `attempt ${attempt}`).toBe(410);
      expect(await closed.text()).toContain('Migration: CLOSED');
    }
  });

  it('renders as an anonymous visitor whoever asks, and keeps no page for a staff session', async () => {
    const editor = await server.signIn('EDITOR');
    const cookie = editor.cookie ?? '';
    const asStaff = await get('/me', { cookie });
    expect(await asStaff.text()).toContain('me: null');
    const rendered = renders();
    await get('/me', { cookie });
    expect(renders()).toBe(rendered + 1);
  });

  it('neither keeps nor lets browsers keep a page whose data could not be read', async () => {
    const broken = await get('/broken');
    expect(broken.status).toBe(503);
    expect(broken.headers.get('cache-control')).toBe('no-store');
    expect(broken.headers.get('etag')).toBeNull();
    const rendered = renders();
    await get('/broken');
    expect(renders()).toBe(rendered + 1);
  });

  it('serves the built files as files, and no page to a client that takes no HTML', async () => {
    const script = await get('/assets/app.js');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/', { accept: 'application/json' })).status).toBe(404);
  });

  it('sends hashed assets as the build compressed them, by Accept-Encoding, with their own ETags and without page-only headers', async () => {
    // The middleware's own compression of the same file differs: the bytes on the wire tell which was sent.
    expect(BUILT_COPIES.br.equals(zlib.brotliCompressSync(ASSET, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }))).toBe(
      false,
    );
    expect(BUILT_COPIES.gzip.equals(zlib.gzipSync(ASSET))).toBe(false);
    const etags = new Set<string>();
    for (const [acceptEncoding, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['identity', null],
    ] as const) {
      const answer = await sendRaw(`${server.url}${ASSET_PATH}`, { 'accept-encoding': acceptEncoding });
      expect(answer.status, acceptEncoding).toBe(200);
      expect(answer.headers['content-encoding'], acceptEncoding).toBe(coding ?? undefined);
      expect(answer.wire.equals(coding ? BUILT_COPIES[coding] : Buffer.from(ASSET)), acceptEncoding).toBe(true);
      expect(answer.headers.vary, acceptEncoding).toMatch(/accept-encoding/i);
      expect(answer.headers['cache-control'], acceptEncoding).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-type'], acceptEncoding).toMatch(/^text\/javascript/);
      // The page's policy governs its scripts; a script needs only not to be sniffed.
      expect(answer.headers['x-content-type-options'], acceptEncoding).toBe('nosniff');
      expect(answer.headers['content-security-policy'], acceptEncoding).toBeUndefined();
      expect(answer.headers['referrer-policy'], acceptEncoding).toBeUndefined();
      const etag = answer.headers.etag ?? '';
      etags.add(etag);
      const again = await sendRaw(`${server.url}${ASSET_PATH}`, { 'accept-encoding': acceptEncoding, 'if-none-match': etag });
      expect(again.status, acceptEncoding).toBe(304);
    }
    expect(etags.size).toBe(3);
    // A page keeps them.
    const page = await get('/join');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it("allows the template's inline stylesheet by its hash, and no other, on every answer of a page: rendered, from memory, 304", async () => {
    const address = '/?style=1';
    const first = await get(address);
    const served = /<style>([\s\S]*?)<\/style>/.exec(await first.text())?.[1] ?? '';
    expect(served).toBe(INLINE_STYLE);
    const allowed = ["'self'", `'sha256-${createHash('sha256').update(served, 'utf8').digest('base64')}'`];
    const second = await get(address);
    expect(second.headers.get('x-sql-statements')).toBe('1');
    const revalidated = await get(address, { 'if-none-match': second.headers.get('etag') ?? '' });
    expect(revalidated.status).toBe(304);
    const notKept = await get('/broken');
    const compressed = await sendRaw(`${server.url}/long?style=1`, { accept: 'text/html', 'accept-encoding': 'br' });
    expect(compressed.headers['content-encoding']).toBe('br');
    for (const [answer, policy] of [
      ['rendered', first.headers.get('content-security-policy')],
      ['from memory', second.headers.get('content-security-policy')],
      ['304', revalidated.headers.get('content-security-policy')],
      ['not kept', notKept.headers.get('content-security-policy')],
      ['brotli', String(compressed.headers['content-security-policy'])],
    ] as const) {
      expect(policy, answer).toBe(first.headers.get('content-security-policy'));
      expect(policyDirectives(policy).get('style-src'), answer).toEqual(allowed);
      expect(policyDirectives(policy).get('script-src'), answer).toEqual(["'self'"]);
    }
    // The page's own policy only: the API's answers keep everyone's, with no inline style.
    const query = `/graphql?query=${encodeURIComponent('{ programs(first: 1) { totalCount } }')}`;
    for (const attempt of ['first', 'from memory']) {
      const api = await get(query, { accept: 'application/json' });
      expect(policyDirectives(api.headers.get('content-security-policy')).get('style-src'), attempt).toEqual(["'self'"]);
    }
  });

  it('lists every page of the catalogue in sitemap.xml, closed programs left out, with lastmod', async () => {
    const before = Date.now();
    await setStatus('network-pre-assessment', 'CLOSED');
    const response = await get('/sitemap.xml');
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await response.text();
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'),
    ).toBe(true);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    expect(locs).toContain('https://certhub.example.com/');
    expect(locs).toContain('https://certhub.example.com/programs/sip-trunks');
    expect(locs).toContain('https://certhub.example.com/?category=devices');
    expect(locs).not.toContain('https://certhub.example.com/programs/network-pre-assessment');
    const { body } = await server.graphql<{ programs: { totalCount: number } }>('{ programs(first: 0) { totalCount } }');
    expect(locs.filter((loc) => loc?.startsWith('https://certhub.example.com/programs/'))).toHaveLength(
      body.data?.programs.totalCount ?? -1,
    );
    // The same pages in German.
    expect(locs.filter((loc) => loc?.startsWith('https://certhub.example.com/de/programs/'))).toHaveLength(
      body.data?.programs.totalCount ?? -1,
    );
    expect(locs).toContain('https://certhub.example.com/de/');
    expect(locs).toContain('https://certhub.example.com/de/?category=devices');
    expect(locs).not.toContain('https://certhub.example.com/de/programs/network-pre-assessment');
    const program =
      /<url><loc>https:\/\/certhub\.example\.com\/programs\/sip-trunks<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/.exec(xml);
    expect(new Date(program?.[1] ?? '').toISOString()).toBe(program?.[1]);
    // The directory: its search, each vendor and each listing, in every language.
    for (const prefix of ['', '/de']) {
      expect(locs).toContain(`https://certhub.example.com${prefix}/certified`);
      expect(locs).toContain(`https://certhub.example.com${prefix}/vendors/ribbon-communications`);
      expect(locs).toContain(`https://certhub.example.com${prefix}/products/ribbon-communications-sbc-5400-sbc`);
    }
    expect(locs.filter((loc) => loc?.startsWith('https://certhub.example.com/products/'))).toHaveLength(24);
    // What changed, in both languages, last modified when the latest public change took effect (the close above).
    for (const prefix of ['', '/de']) {
      const changes = new RegExp(
        `<url><loc>https://certhub\\.example\\.com${prefix}/changes</loc><lastmod>([^<]+)</lastmod></url>`,
      ).exec(xml);
      const lastmod = Date.parse(changes?.[1] ?? '');
      expect(lastmod).toBeGreaterThanOrEqual(before);
      expect(lastmod).toBeLessThanOrEqual(Date.now());
    }

    // Kept like a page, and fresh after a change.
    expect((await get('/sitemap.xml')).headers.get('x-sql-statements')).toBe('1');
  });

  it('tells crawlers where the sitemap is, and what not to read', async () => {
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain('User-agent: *\nDisallow: /admin\n');
    expect(robots).toContain('\nDisallow: /applications/\nDisallow: /de/applications/\n');
    expect(robots).toContain('\nDisallow: /watch/\nDisallow: /de/watch/\n');
    expect(robots).toContain('\nSitemap: https://certhub.example.com/sitemap.xml\n');
  });
});

describe('which addresses are pages of the public site', () => {
  it.each([
    ['/', true],
    ['/?status=SEEKING_PARTNERS', true],
    ['/programs/sip-trunks', true],
    ['/de/programs/sip-trunks', true],
    ['/sitemap.xml', true],
    ['/robots.txt', true],
    ['/graphql?query={a}', false],
    ['/graphql', false],
    ['/admin', false],
    ['/admin/programs', false],
    ['/healthz', false],
    ['/metrics', false],
    ['/assets/index-abc.js', false],
    ['/export/catalogue.csv', false],
    ['/administrators', true],
  ])('%s: %s', (url, page) => {
    expect(isPublicPageUrl(url)).toBe(page);
  });

  it.each([
    ['/programs/sip-trunks', true],
    ['/de/?status=SEEKING_PARTNERS', true],
    ['/watch/confirm?token=abc', false],
    ['/watch/unsubscribe?token=abc', false],
    ['/de/watch/confirm?token=abc', false],
    ['/graphql', false],
  ])('kept by the response cache, %s: %s', (url, kept) => {
    expect(isKeptPageUrl(url)).toBe(kept);
  });
});
