import { accessibilityViolations, launchBrowser, watchConsole } from '@certhub/e2e-support/browser';
import { type RunningCertHub, startCertHub } from '@certhub/e2e-support/certhub';
import { importProductPages } from '@certhub/e2e-support/product-pages';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

/** The certified products the seed imports from the program pages, in a browser. */
describe('the directory of certified products on the public site', () => {
  let certhub: RunningCertHub;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    [certhub, browser] = await Promise.all([startCertHub(), launchBrowser()]);
    await importProductPages(certhub, ['certification__infra-sbc.md', 'certification__devices-pcs.md']);
  });
  afterAll(async () => {
    await browser?.close();
    await certhub?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    consoleProblems = watchConsole(page);
  });
  afterEach(async () => {
    await page.close();
    expect(consoleProblems).toEqual([]);
  });

  const products = () => page.getByRole('table', { name: /Products certified for/ });
  const productNames = () => products().locator('tbody th[scope="row"] a').allInnerTexts();
  const columnHeaders = () => products().locator('thead th').allInnerTexts();

  it("lists a program's certified products with the program's own columns", async () => {
    await openPage(page, `${certhub.origin}/programs/sbc`);
    await products().waitFor();
    expect((await columnHeaders()).map((header) => header.trim())).toEqual([
      'Vendor',
      'Product',
      'ExUM Support',
      'Software Version',
      'Status',
    ]);
    await expect.poll(async () => (await productNames()).length).toBe(24);
    const ve = products().getByRole('row', { name: /Mediant Virtual Edition SBC/ });
    // The vendor as the pages name it (AudioCodes on most of them).
    await expect(ve.getByRole('cell').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^audiocodes$/i),
      '✔ Yes',
      '7.20A.000.042',
      expect.stringMatching(/^Listed since /),
    ]);
    // Two versions in one cell, one a line; the footnote marker's note under the table.
    const sbc1000 = products().getByRole('row', { name: /SBC 1000/ });
    await expect(sbc1000.getByRole('cell').nth(2).allInnerTexts()).resolves.toEqual(['5.0.0.395\n6.1.0 Build 457']);
    await expect(page.getByRole('list', { name: 'Notes' }).allInnerTexts()).resolves.toEqual([
      expect.stringContaining('pre-release tested'),
    ]);
  });

  it('sorts by any column and filters by name, keeping the view in the URL', async () => {
    await openPage(page, `${certhub.origin}/programs/sbc`);
    await products().waitFor();
    await products().getByRole('button', { name: 'Product', exact: true }).click();
    await page.waitForURL(/sort=Product/);
    await expect.poll(async () => (await productNames()).slice(0, 3)).toEqual(['GX 1K SBC', 'GX 4K SBC', 'GX 9K SBC']);
    await products().getByRole('button', { name: 'Product', exact: true }).click();
    await page.waitForURL(/dir=desc/);
    // The URL changes before React commits the re-sorted table (a router transition): wait for the table.
    await expect.poll(() => products().locator('thead th').nth(1).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await productNames())[0]).toBe('SWe Lite');

    await page.getByLabel('Vendor or product name').fill('mediant');
    await page.waitForURL(/q=mediant/);
    await expect.poll(async () => (await productNames()).length).toBe(7);
    expect(new URL(page.url()).searchParams.toString()).toBe('q=mediant&sort=Product&dir=desc');
    await page.reload();
    await products().locator('tbody tr').first().waitFor();
    await expect.poll(async () => (await productNames())[0]).toBe('Mediant Virtual Edition SBC');
    await expect(page.getByRole('link', { name: 'CSV' }).getAttribute('href')).resolves.toBe(
      '/export/certified-products.csv?program=sbc&status=LISTED&q=mediant',
    );
  });

  it('answers "Is it certified?" from the home page, across programs, withdrawn listings with their date', async () => {
    const { certifiedProduct } = await certhub.asAdmin<{ certifiedProduct: { id: string; version: number } }>(
      `{ certifiedProduct(slug: "ribbon-communications-sbc-5000-sbc") { id version } }`,
    );
    await certhub.asAdmin(
      `mutation ($input: SetCertifiedProductStatusInput!) { withdrawCertifiedProduct(input: $input) { status } }`,
      { input: { productId: certifiedProduct.id, expectedVersion: certifiedProduct.version, reason: 'End of life' } },
    );

    await openPage(page, certhub.origin);
    const question = page.getByRole('search', { name: 'Is it certified?' });
    // Every word, across the vendor and the product together ("sbc 5" alone finds AudioCodes' Mediant 500 E-SBC too).
    await question.getByLabel('Product or vendor name').fill('ribbon sbc 5');
    await question.getByRole('button', { name: 'Search every program' }).click();
    await page.waitForURL(/\/certified\?q=ribbon\+sbc\+5$/);
    await page.getByRole('heading', { level: 1, name: 'Is it certified?' }).waitFor();
    const results = page.getByRole('table', { name: /matching "ribbon sbc 5"/ });
    await expect
      .poll(() => results.locator('tbody th[scope="row"]').allInnerTexts())
      .toEqual(['SBC 5000', 'SBC 5110', 'SBC 5400']);
    const withdrawn = results.getByRole('row', { name: /SBC 5000/ });
    await expect(withdrawn.getByRole('cell').last().allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Withdrawn on \w+ \d{1,2}, \d{4}$/),
    ]);
    await expect(
      results
        .getByRole('row', { name: /SBC 5110/ })
        .getByRole('link', { name: 'SBC', exact: true })
        .getAttribute('href'),
    ).resolves.toBe('/programs/sbc');

    await page.getByLabel('Listings').selectOption('LISTED');
    await expect.poll(() => results.locator('tbody th[scope="row"]').allInnerTexts()).toEqual(['SBC 5110', 'SBC 5400']);

    await openPage(page, `${certhub.origin}/certified?q=no+such+product+anywhere`);
    await page.getByRole('heading', { name: 'No listing matches "no such product anywhere"' }).waitFor();
  });

  it("shows a vendor's products across programs, and each listing at an address a vendor can cite", async () => {
    await openPage(page, `${certhub.origin}/vendors/audiocodes`);
    await page.getByRole('heading', { level: 1, name: /^audiocodes$/i }).waitFor();
    const table = page.getByRole('table', { name: /Products of audiocodes/i });
    const row = table.getByRole('row', { name: /Mediant 500 E-SBC/ });
    await row.waitFor();
    await expect(row.getByRole('link', { name: 'SBC', exact: true }).isVisible()).resolves.toBe(true);
    await row.getByRole('link', { name: 'Mediant 500 E-SBC' }).click();
    await page.waitForURL(/\/products\/audiocodes-mediant-500-e-sbc-sbc$/);
    await page.getByRole('heading', { level: 1, name: /^audiocodes mediant 500 e-sbc$/i }).waitFor();
    await expect(page.getByText(/Certified\s+for the SBC program/).isVisible()).resolves.toBe(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^audiocodes mediant 500 e-sbc$/i }).waitFor();
    await expect(page.title()).resolves.toMatch(/^audiocodes mediant 500 e-sbc · CertHub$/i);

    await openPage(page, `${certhub.origin}/products/no-such-product`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await openPage(page, `${certhub.origin}/vendors/no-such-vendor`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  it("speaks German under /de/: the program's product table, its filters and the listing's status", async () => {
    await openPage(page, `${certhub.origin}/de/programs/sbc`);
    const table = page.getByRole('table', { name: 'Für SBC zertifizierte Produkte' });
    await table.waitFor();
    expect((await table.locator('thead th').allInnerTexts()).map((header) => header.trim())).toEqual([
      'Hersteller',
      'Produkt',
      'ExUM Support',
      'Software Version',
      'Status',
    ]);
    const ve = table.getByRole('row', { name: /Mediant Virtual Edition SBC/ });
    await expect(ve.getByRole('cell').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^audiocodes$/i),
      '✔ Ja',
      '7.20A.000.042',
      expect.stringMatching(/^Gelistet seit \d{1,2}\. \p{L}+ \d{4}$/u),
    ]);
    await page.getByLabel('Hersteller- oder Produktname').fill('mediant');
    await page.waitForURL(/\/de\/programs\/sbc\?q=mediant/);
    await page.getByText('7 Einträge passen zu „mediant“.').waitFor();
  });

  it('lays the product table out as cards on a phone, with nothing cut off', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await openPage(page, `${certhub.origin}/programs/pcs`);
    await products().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    // Sorting stays in reach without the header row.
    await page.getByLabel('Sort by').selectOption('Vendor');
    await page.waitForURL(/sort=Vendor/);
  });

  it.each([
    '/programs/sbc',
    '/programs/sip-trunks',
    '/certified',
    '/certified?q=polycom&status=all',
    '/vendors/audiocodes',
    '/products/audiocodes-mediant-500-e-sbc-sbc',
    '/de/programs/sbc',
    '/de/certified?q=sbc+5&status=all',
    '/de/vendors/audiocodes',
    '/de/products/audiocodes-mediant-500-e-sbc-sbc',
  ])('has no serious accessibility problem at %s', async (route) => {
    await openPage(page, `${certhub.origin}${route}`);
    await page.locator('h1').waitFor();
    await page
      .locator('[aria-busy="true"], .state-loading')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
