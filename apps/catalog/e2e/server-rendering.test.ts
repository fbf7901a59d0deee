import { watchConsole } from '@certhub/e2e-support/browser';
import { programBySlug, setProgramStatus } from '@certhub/e2e-support/certhub';
import { browserSuite } from '@certhub/e2e-support/suite';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hydrated, openPage } from './open-page.js';

/** The sixteen programs of the bundled docs page, in catalogue order. */
const PROGRAM_COUNT = 16;

describe('the public site rendered on the server', () => {
  const suite = browserSuite();

  const programRows = (page: Page) => page.locator('table.catalogue tbody tr:not(.category-row) th[scope="row"]').allInnerTexts();

  const programOf = (slug: string) => programBySlug(suite.certhub, slug);
  const setStatus = (slug: string, status: string) => setProgramStatus(suite.certhub, slug, status);

  describe('with JavaScript off', () => {
    let context: BrowserContext;
    let page: Page;
    beforeEach(async () => {
      context = await suite.browser.newContext({ javaScriptEnabled: false });
      page = await context.newPage();
    });
    afterEach(async () => {
      await context.close();
    });

    it('shows the whole catalogue, with statuses, specs and labs', async () => {
      const response = await page.goto(suite.certhub.origin);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('Certification programs · CertHub');
      expect(await programRows(page)).toHaveLength(PROGRAM_COUNT);
      const sipTrunks = page.getByRole('row', { name: /SIP Trunks/ });
      await expect(sipTrunks.getByText('Contact labs').isVisible()).resolves.toBe(true);
      await expect(sipTrunks.getByRole('link', { name: 'Tekvizion' }).getAttribute('href')).resolves.toBe(
        'http://www.tekvizion.com/premier-tenants/microsoft',
      );
      await expect(page.getByText(`${PROGRAM_COUNT} programs in the catalogue.`).isVisible()).resolves.toBe(true);
    });

    it('filters with the plain form, the view in the URL', async () => {
      await page.goto(suite.certhub.origin);
      await page.getByLabel('Category').selectOption('devices');
      await page.getByLabel('Certification lab').selectOption('ast');
      await page.getByLabel('Search by name').fill('usb');
      await page.getByRole('button', { name: 'Show programs' }).click();
      await page.waitForURL(/q=usb/);
      expect(new URL(page.url()).searchParams.get('category')).toBe('devices');
      expect(await programRows(page)).toEqual(['USB Audio and Video Devices']);
      await expect(page.getByLabel('Search by name').inputValue()).resolves.toBe('usb');

      await page.goto(`${suite.certhub.origin}/?status=NO_ADMISSION_REVIEW`);
      expect(await programRows(page)).toEqual(['SIP Trunks']);
      await expect(page.getByLabel('Partner admission', { exact: true }).inputValue()).resolves.toBe('NO_ADMISSION_REVIEW');
      await page.getByRole('link', { name: 'Clear filters' }).click();
      await page.waitForURL(`${suite.certhub.origin}/`);
      expect(await programRows(page)).toHaveLength(PROGRAM_COUNT);
    });

    it('shows a status, and widens an empty view, with the buttons of the counts and of the empty state', async () => {
      await page.goto(`${suite.certhub.origin}/?category=devices`);
      const contactLabs = page.getByRole('button', { name: /Contact labs/ });
      await expect(contactLabs.getAttribute('aria-pressed')).resolves.toBe('false');
      await contactLabs.click();
      await page.waitForURL(/status=NO_ADMISSION_REVIEW/);
      const view = new URL(page.url()).searchParams;
      expect(Object.fromEntries(view)).toEqual({ category: 'devices', status: 'NO_ADMISSION_REVIEW' });
      // No device needs no admission review: the empty state offers its ways out.
      await page.getByRole('heading', { name: 'No program matches' }).waitFor();
      await expect(page.getByRole('button', { name: /Contact labs/ }).getAttribute('aria-pressed')).resolves.toBe('true');
      await page.getByRole('button', { name: 'Show any status' }).click();
      await page.waitForURL((url) => !url.searchParams.has('status'));
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ category: 'devices' });
      expect((await programRows(page)).length).toBeGreaterThan(1);

      await page.goto(`${suite.certhub.origin}/de/?status=NO_ADMISSION_REVIEW&category=devices`);
      await page.getByRole('button', { name: 'Alle Kategorien zeigen' }).click();
      await page.waitForURL((url) => url.pathname === '/de/' && !url.searchParams.has('category'));
      expect(await programRows(page)).toEqual(['SIP Trunks']);
      // Pressed again, a status count shows every status.
      await page.getByRole('button', { name: /Labore kontaktieren/ }).click();
      await page.waitForURL((url) => url.pathname === '/de/' && !url.searchParams.has('status'));
      expect(await programRows(page)).toHaveLength(PROGRAM_COUNT);
    });

    it('shows a program: its status, next step, specs, labs and history; its forms say they need JavaScript', async () => {
      const response = await page.goto(`${suite.certhub.origin}/programs/sba`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('SBA · CertHub');
      await page.getByRole('heading', { level: 1, name: 'SBA' }).waitFor();
      await expect(page.getByRole('heading', { name: 'What to do next' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Relevant specs' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Certification labs' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('ol.timeline li').count()).resolves.toBeGreaterThan(0);
      await expect(page.getByText(/^Asking to be told needs JavaScript\./).isVisible()).resolves.toBe(true);
    });

    it('shows the directory: a listing with its head, a vendor, and the search, in English and German', async () => {
      let response = await page.goto(`${suite.certhub.origin}/products/ribbon-communications-sbc-5400-sbc`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').textContent()).resolves.toBe('Ribbon Communications SBC 5400');
      await expect(page.getByText(/Certified\s+for the SBC program/).isVisible()).resolves.toBe(true);
      const head = await page.evaluate(() => ({
        title: document.title,
        description: document.querySelector('meta[name="description"]')?.getAttribute('content'),
        canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href'),
        data: [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) =>
          JSON.parse(script.textContent ?? ''),
        ),
      }));
      expect(head.title).toBe('Ribbon Communications SBC 5400 · CertHub');
      expect(head.description).toMatch(/^SBC 5400 by Ribbon Communications is certified for the SBC program, listed since /);
      expect(new URL(head.canonical ?? '').pathname).toBe('/products/ribbon-communications-sbc-5400-sbc');
      expect(head.data[0]).toMatchObject({
        '@type': 'Product',
        name: 'SBC 5400',
        brand: { '@type': 'Brand', name: 'Ribbon Communications' },
      });

      response = await page.goto(`${suite.certhub.origin}/de/products/ribbon-communications-sbc-5400-sbc`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
      await expect(page.getByText(/Zertifiziert\s+für das Programm SBC/).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Verlauf des Eintrags' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('link[rel="canonical"]').getAttribute('href')).resolves.toMatch(
        /\/de\/products\/ribbon-communications-sbc-5400-sbc$/,
      );

      response = await page.goto(`${suite.certhub.origin}/de/vendors/ribbon-communications`);
      expect(response?.status()).toBe(200);
      const table = page.getByRole('table', { name: 'Produkte von Ribbon Communications, zertifiziert in allen Programmen' });
      await expect(table.locator('thead th').allInnerTexts()).resolves.toEqual(['Produkt', 'Programm', 'Status']);

      // The question in the address is answered in the server's HTML.
      response = await page.goto(`${suite.certhub.origin}/certified?q=ribbon+sbc+5`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('table tbody th[scope="row"]').allInnerTexts()).resolves.toEqual([
        'SBC 5000',
        'SBC 5110',
        'SBC 5400',
      ]);
      await expect(page.locator('link[rel="canonical"]').count()).resolves.toBe(0);
    });

    it('answers 404 for addresses that lead nowhere, with a page that says so', async () => {
      for (const path of [
        '/programs/no-such-program',
        '/nowhere/at/all',
        '/products/no-such-listing',
        '/vendors/no-such-vendor',
      ]) {
        const response = await page.goto(`${suite.certhub.origin}${path}`);
        expect(response?.status(), path).toBe(404);
        await expect(page.getByRole('heading', { name: 'Page not found' }).isVisible()).resolves.toBe(true);
        await expect(page.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex');
      }
      const response = await page.goto(`${suite.certhub.origin}/de/vendors/no-such-vendor`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Seite nicht gefunden' }).isVisible()).resolves.toBe(true);
    });
  });

  describe('with JavaScript on', () => {
    let page: Page;
    let consoleProblems: string[];
    let graphqlRequests: string[];
    beforeEach(async () => {
      page = await suite.browser.newPage();
      consoleProblems = watchConsole(page);
      // Hydration mismatches are reported as errors; React's warnings too, should a development build be served.
      page.on('console', (message) => {
        if (message.type() === 'warning') consoleProblems.push(message.text());
      });
      graphqlRequests = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push(request.url());
      });
    });
    afterEach(async () => {
      await page.close();
      expect(consoleProblems).toEqual([]);
    });

    it.each([
      '/',
      '/?status=SEEKING_PARTNERS',
      '/?category=devices',
      // What a visitor typed is in the page and in its data: neither can close the state's script element.
      `/?q=${encodeURIComponent('</script><script>alert(1)</script>')}`,
      '/programs/sip-trunks',
      '/join',
      '/api',
      // The directory: a program's products, the search with a question, a vendor, a listing (German pages: products.test.ts).
      '/programs/sbc',
      '/certified?q=ribbon+sbc+5',
      '/vendors/audiocodes',
      '/products/ribbon-communications-sbc-5400-sbc',
    ])('hydrates %s with the data it was rendered with: no mismatch, no second fetch', async (path) => {
      await page.goto(`${suite.certhub.origin}${path}`, { waitUntil: 'networkidle' });
      await hydrated(page);
      expect(graphqlRequests).toEqual([]);
      // Hydrated: the page's own script answers a click (a navigation without loading a page: the window stays).
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      await page.getByRole('link', { name: 'How to join' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'How to join' }).waitFor();
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    });

    it("loads what the page needs: its own language's words and documents, its page's chunk preloaded with the HTML", async () => {
      // Each script the page loaded (until the network is idle): its path and text.
      const loadScripts = async (path: string) => {
        const scripts: Array<Promise<{ path: string; text: string }>> = [];
        const onResponse = (response: Response) => {
          if (response.request().resourceType() !== 'script') return;
          scripts.push(response.text().then((text) => ({ path: new URL(response.url()).pathname, text })));
        };
        page.on('response', onResponse);
        await page.goto(`${suite.certhub.origin}${path}`, { waitUntil: 'networkidle' });
        await hydrated(page);
        page.off('response', onResponse);
        const loaded = await Promise.all(scripts);
        return {
          text: loaded.map((script) => script.text).join('\n'),
          holding: (part: string) => loaded.filter((script) => script.text.includes(part)).map((script) => script.path),
        };
      };
      const preloaded = () =>
        page.$$eval('link[rel="modulepreload"]', (links) =>
          links.map((link) => new URL((link as HTMLLinkElement).href).pathname),
        );
      // A document of the site, by its operation's name, as the build writes its AST.
      const hasDocument = (text: string, name: string) => new RegExp(`value["']?:\\s*["'\`]${name}["'\`]`).test(text);

      const german = await loadScripts('/de/programs/sba');
      expect(german.text).toContain('Zum Inhalt springen');
      expect(german.text).not.toContain('Skip to content');
      expect(hasDocument(german.text, 'ProgramPage')).toBe(true);
      expect(hasDocument(german.text, 'CatalogPage')).toBe(false);
      // The page's chunk and its language's were asked for with the HTML, not once the entry had run.
      const pageChunks = [...german.holding('Zum Inhalt springen'), ...german.holding('program-status')];
      expect(pageChunks).toHaveLength(2);
      const preloads = await preloaded();
      for (const path of pageChunks) expect(preloads).toContain(path);

      const english = await loadScripts('/');
      expect(english.text).toContain('Skip to content');
      expect(english.text).not.toContain('Zum Inhalt springen');
      expect(hasDocument(english.text, 'CatalogPage')).toBe(true);
      for (const other of ['ProgramPage', 'JoinPage', 'ApplyPage', 'ChangesPage'])
        expect(hasDocument(english.text, other), other).toBe(false);
    });

    it('states each page in its head: title, description, canonical URL, Open Graph and schema.org data', async () => {
      await openPage(page, `${suite.certhub.origin}/programs/sip-trunks`);
      const head = await page.evaluate(() => ({
        title: document.title,
        description: document.querySelector('meta[name="description"]')?.getAttribute('content'),
        canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href'),
        ogTitle: document.querySelector('meta[property="og:title"]')?.getAttribute('content'),
        ogUrl: document.querySelector('meta[property="og:url"]')?.getAttribute('content'),
        data: [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) =>
          JSON.parse(script.textContent ?? ''),
        ),
        descriptions: document.querySelectorAll('meta[name="description"]').length,
      }));
      expect(head.title).toBe('SIP Trunks · CertHub');
      expect(head.description).toMatch(/^SIP Trunks \(Services\): No admission review/);
      expect(head.descriptions).toBe(1);
      expect(new URL(head.canonical ?? '').pathname).toBe('/programs/sip-trunks');
      expect(head.ogUrl).toBe(head.canonical);
      expect(head.ogTitle).toBe('SIP Trunks');
      expect(head.data).toHaveLength(1);
      expect(head.data[0]).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'WebPage',
        name: 'SIP Trunks',
        mainEntity: { '@type': 'Certification', name: 'SIP Trunks' },
      });

      // Moving to another page replaces them (the program page stays until the catalogue's chunk and data are there).
      await page.getByRole('link', { name: 'Programs', exact: true }).first().click();
      await page.locator('table.catalogue').waitFor();
      await expect.poll(() => page.title()).toBe('Certification programs · CertHub');
      await expect
        .poll(() => page.evaluate(() => document.querySelector('script[type="application/ld+json"]')?.textContent ?? ''))
        .toContain('"CollectionPage"');
      const catalogue = await page.evaluate(() => ({
        canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href'),
        data: [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) =>
          JSON.parse(script.textContent ?? ''),
        ),
      }));
      expect(new URL(catalogue.canonical ?? '').pathname).toBe('/');
      expect(catalogue.data).toHaveLength(1);
      expect(catalogue.data[0]).toMatchObject({
        '@type': 'CollectionPage',
        mainEntity: { '@type': 'ItemList', numberOfItems: PROGRAM_COUNT },
      });
    });
  });

  it('serves a valid sitemap of every public page, closed programs left out, and robots.txt pointing to it', async () => {
    const page = await suite.browser.newPage();
    try {
      const sitemap = await (await fetch(`${suite.certhub.origin}/sitemap.xml`)).text();
      // Chromium's XML parser: a document that is not well-formed XML has a <parsererror>.
      await page.goto(`${suite.certhub.origin}/robots.txt`);
      const parsed = await page.evaluate((xml) => {
        const document = new DOMParser().parseFromString(xml, 'application/xml');
        const namespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';
        return {
          errors: document.getElementsByTagName('parsererror').length,
          root: `${document.documentElement.namespaceURI} ${document.documentElement.localName}`,
          urls: [...document.getElementsByTagNameNS(namespace, 'url')].map((url) => ({
            loc: url.getElementsByTagNameNS(namespace, 'loc')[0]?.textContent ?? '',
            lastmod: url.getElementsByTagNameNS(namespace, 'lastmod')[0]?.textContent ?? null,
          })),
        };
      }, sitemap);
      expect(parsed.errors).toBe(0);
      expect(parsed.root).toBe('http://www.sitemaps.org/schemas/sitemap/0.9 urlset');
      const paths = parsed.urls.map((url) => {
        const address = new URL(url.loc);
        return address.pathname + address.search;
      });
      expect(paths.filter((path) => path.startsWith('/programs/'))).toHaveLength(PROGRAM_COUNT);
      expect(paths).toEqual(expect.arrayContaining(['/', '/?category=devices', '/programs/sip-trunks', '/join', '/api']));
      expect(paths.filter((path) => path.startsWith('/de/programs/'))).toHaveLength(PROGRAM_COUNT);
      expect(paths).toEqual(expect.arrayContaining(['/de/', '/de/?category=devices', '/de/join', '/de/api']));
      for (const { lastmod } of parsed.urls.filter((url) => url.lastmod !== null)) {
        expect(new Date(lastmod as string).toISOString()).toBe(lastmod);
      }
      // The directory: its search, every vendor and every listing (some thousand pages), in both languages.
      expect(paths).toEqual(
        expect.arrayContaining([
          '/certified',
          '/de/certified',
          '/vendors/audiocodes',
          '/products/ribbon-communications-sbc-5400-sbc',
        ]),
      );
      const directoryPage = (path: string) => /^(\/de)?\/(vendors|products)\//.test(path);
      expect(paths.filter((path) => path.startsWith('/products/')).length).toBeGreaterThan(900);
      // Every page it lists answers 200: all the catalogue's, and every fiftieth of the directory's.
      const checked = paths.filter((path, index) => !directoryPage(path) || index % 50 === 0);
      for (const path of checked) {
        const response = await fetch(`${suite.certhub.origin}${path}`);
        expect(response.status, path).toBe(200);
      }

      const robots = await (await fetch(`${suite.certhub.origin}/robots.txt`)).text();
      const lines = robots.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
      for (const line of lines) expect(line).toMatch(/^(User-agent|Disallow|Allow|Sitemap): \S+$/);
      expect(lines[0]).toBe('User-agent: *');
      expect(lines).toContain('Disallow: /admin');
      const sitemapLine = lines.find((line) => line.startsWith('Sitemap: '));
      expect(new URL(sitemapLine?.slice('Sitemap: '.length) ?? '').pathname).toBe('/sitemap.xml');
    } finally {
      await page.close();
    }
  });

  it('serves a page from the cache with a strong ETag and 304s, and a fresh page right after a status change', async () => {
    const url = `${suite.certhub.origin}/programs/gateway`;
    const first = await fetch(url);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect(await first.text()).toContain('Gateway');
    const again = await fetch(url);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const before = await (await fetch(url)).text();
    const wasSeeking = before.includes('Seeking partners');
    await setStatus('gateway', wasSeeking ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS');
    const after = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const html = await after.text();
    expect(html).toContain(wasSeeking ? 'Not seeking partners' : 'Seeking partners');
    // The catalogue shows it too, on its next request.
    const catalogue = await (await fetch(`${suite.certhub.origin}/?status=SEEKING_PARTNERS`)).text();
    expect(catalogue.includes('>Gateway<')).toBe(!wasSeeking);
  });

  it('answers 410 for a closed program, says it is closed and links to what is open, and leaves it out of the sitemap', async () => {
    const { id, version } = await programOf('load-balancer');
    await suite.certhub.asAdmin(`mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { id } }`, {
      input: { programId: id, expectedVersion: version },
    });
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${suite.certhub.origin}/programs/load-balancer`);
      expect(response?.status()).toBe(410);
      await page.getByRole('heading', { name: 'This program is closed' }).waitFor();
      await expect(page.getByRole('link', { name: 'programs seeking partners now' }).getAttribute('href')).resolves.toBe(
        '/?status=SEEKING_PARTNERS',
      );
      await expect(page.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex');
      await expect(page.locator('link[rel="canonical"]').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
    const sitemap = await (await fetch(`${suite.certhub.origin}/sitemap.xml`)).text();
    expect(sitemap).not.toContain('/programs/load-balancer');
    expect(sitemap).toContain('/programs/sip-trunks');
  });
});
