import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyDirectives } from '../../test/policy-directives.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

/** The public site's stylesheet, inline in its index.html as its build puts it. */
const INLINE_STYLE = 'body{margin:0}';
const INLINE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(INLINE_STYLE).digest('base64')}'`;

/** A built app of one page and one script, as Vite lays it out (without the public site's server bundle). */
function fakeApp(root: string, name: string, base: string, style = ''): string {
  const dist = path.join(root, name);
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(
    path.join(dist, 'index.html'),
    `<!doctype html><title>${name}</title>${style && `<style>${style}</style>`}<script src="${base}assets/app.js"></script>`,
  );
  writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  return dist;
}

describe('security headers in production', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'certhub-headers-'));
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      nodeEnv: 'production',
      logLevel: 'silent',
      catalogDist: fakeApp(root, 'catalog', '/', INLINE_STYLE),
      adminDist: fakeApp(root, 'admin', '/admin/'),
      explorerDist: fakeApp(root, 'explorer', '/graphql/'),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (pathAndQuery: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
    fetch(`${server.url}${pathAndQuery}`, { headers: { accept, 'x-count-sql': 'true' } });

  it('gives the pages of the public site, the /api page and the console a policy without inline scripts', async () => {
    for (const page of ['/', '/programs/sba', '/api', '/admin', '/admin/programs']) {
      const response = await get(page);
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type'), page).toMatch(/^text\/html/);
      const policy = policyDirectives(response.headers.get('content-security-policy'));
      expect(policy.get('script-src'), page).toEqual(["'self'"]);
      // The public site's own stylesheet by its hash, and no other inline style.
      expect(policy.get('style-src'), page).toEqual(page.startsWith('/admin') ? ["'self'"] : ["'self'", INLINE_STYLE_SOURCE]);
      expect(policy.get('object-src'), page).toEqual(["'none'"]);
      expect(policy.get('base-uri'), page).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors'), page).toEqual(["'none'"]);
      expect(policy.get('connect-src'), page).toEqual(["'self'"]);
      expect(policy.get('default-src'), page).toEqual(["'self'"]);
      expect(response.headers.get('referrer-policy'), page).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-content-type-options'), page).toBe('nosniff');
    }
  });

  it('gives the explorer its own policy: inline styles for its editor, still no inline scripts', async () => {
    for (const file of ['/graphql', '/graphql/assets/app.js']) {
      const response = await get(file);
      expect(response.status, file).toBe(200);
      const policy = policyDirectives(response.headers.get('content-security-policy'));
      expect(policy.get('script-src'), file).toEqual(["'self'"]);
      expect(policy.get('style-src'), file).toEqual(["'self'", "'unsafe-inline'"]);
      expect(policy.get('frame-ancestors'), file).toEqual(["'none'"]);
      expect(policy.get('object-src'), file).toEqual(["'none'"]);
      expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
    }
  });

  it('sends nosniff and the referrer policy on API answers, cached ones too, and on files', async () => {
    const query = `/graphql?query=${encodeURIComponent('{ programs(first: 1) { totalCount } }')}`;
    const answers = [
      await get(query, 'application/json'),
      await get(query, 'application/json'),
      await server.graphql('{ __typename }').then(({ headers }) => ({ headers, status: 200 })),
      await get('/export/catalogue.csv', 'text/csv'),
      await get('/export/catalogue.json', 'application/json'),
      await get('/healthz', 'application/json'),
    ];
    // The response cache answered the second with the one statement that checks the revision.
    expect(answers[0]?.headers.get('x-sql-statements')).not.toBe('1');
    expect(answers[1]?.headers.get('x-sql-statements')).toBe('1');
    for (const [index, { headers, status }] of answers.entries()) {
      expect(status, String(index)).toBe(200);
      expect(headers.get('x-content-type-options'), String(index)).toBe('nosniff');
      expect(headers.get('referrer-policy'), String(index)).toBe('strict-origin-when-cross-origin');
      expect(policyDirectives(headers.get('content-security-policy')).get('frame-ancestors'), String(index)).toEqual(["'none'"]);
    }
  });
});
