import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.js';

describe('the explorer at GET /graphql', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'certhub-explorer-'));
  let server: TestServer;
  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>explorer</title><script src="/graphql/assets/app.js"></script>',
    );
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("explorer")');
    // The build's gzip copy beside it (vite-plugin-compression2).
    writeFileSync(path.join(dist, 'assets', 'app.js.gz'), gzipSync('console.log("explorer")'));
    server = await startTestServer(undefined, { explorerDist: dist });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (pathAndQuery: string, accept?: string) =>
    fetch(`${server.url}${pathAndQuery}`, { headers: accept ? { accept } : {} });

  it('is the page a browser gets, with its bundled files', async () => {
    const page = await get('/graphql', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>explorer</title>');
    const script = await get('/graphql/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    // fetch asks for gzip: the copy is sent, and fetch undoes it.
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(await script.text()).toBe('console.log("explorer")');
    expect(script.headers.get('content-security-policy')).toContain("'unsafe-inline'");
    expect((await get('/graphql/assets/missing.js')).status).toBe(404);
  });

  it('leaves GraphQL requests to the API, even from a browser', async () => {
    const query = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`, 'text/html,*/*;q=0.8');
    expect(await query.json()).toMatchObject({ data: { __typename: 'Query' } });
    const json = await get('/graphql', 'application/json');
    expect(json.headers.get('content-type')).toMatch(/json/);
    const post = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html,*/*' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toMatchObject({ data: { __typename: 'Query' } });
  });
});
