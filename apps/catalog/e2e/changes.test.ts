import { accessibilityViolations, launchBrowser, watchConsole } from '@certhub/e2e-support/browser';
import { type RunningCertHub, startCertHub } from '@certhub/e2e-support/certhub';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

/** The seeded history: the page's versions from June 13, 2018 to August 6, 2019. */
const SUMMER_2018 = '/changes?from=2018-06-13&to=2018-09-30';

describe('"What changed" and the history of a program', () => {
  let certhub: RunningCertHub;
  let browser: Browser;

  beforeAll(async () => {
    [certhub, browser] = await Promise.all([startCertHub(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await certhub?.stop();
  });

  describe('with JavaScript off', () => {
    let context: BrowserContext;
    let page: Page;
    beforeEach(async () => {
      context = await browser.newContext({ javaScriptEnabled: false });
      page = await context.newPage();
    });
    afterEach(() => context.close());

    it('lists the changes between two days, by program, dated', async () => {
      const response = await page.goto(`${certhub.origin}${SUMMER_2018}`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('What changed · CertHub');
      const pcs = page.locator('section.change-group').filter({ has: page.getByRole('heading', { name: 'PCs' }) });
      await expect(pcs.getByRole('link', { name: 'PCs' }).getAttribute('href')).resolves.toBe('/programs/pcs');
      // June 22, 2018: the PCs/USB spec renamed and linked to test-spec.md.
      expect(await pcs.locator('li').allInnerTexts()).toContainEqual(expect.stringMatching(/^June 22, 2018: Specs: .+ → .+/));
      // No status moved that summer.
      await expect(page.getByText(' → Seeking partners').count()).resolves.toBe(0);
    });

    it('asks for another range with a plain GET form', async () => {
      await page.goto(`${certhub.origin}${SUMMER_2018}`);
      await page.getByLabel('Changes after').fill('2018-06-12');
      await page.getByLabel('Up to and including').fill('2018-06-13');
      await page.getByRole('button', { name: 'Show changes' }).click();
      await page.waitForURL(`${certhub.origin}/changes?from=2018-06-12&to=2018-06-13`);
      // The day the history starts: every program was listed.
      await expect(page.getByText(/^June 13, 2018: Listed as /).count()).resolves.toBe(16);
    });

    it('says when the days cannot be read, with a 400', async () => {
      const response = await page.goto(`${certhub.origin}/changes?from=2018-02-30&to=2018-09-30`);
      expect(response?.status()).toBe(400);
      await expect(page.getByRole('alert').textContent()).resolves.toBe(
        'Give two days as YYYY-MM-DD, the first not after the second.',
      );
    });

    it('shows the history of a program on its page', async () => {
      await page.goto(`${certhub.origin}/programs/pcs`);
      await expect(page.getByRole('heading', { name: 'History' }).isVisible()).resolves.toBe(true);
      const steps = await page.locator('ol.timeline li').allInnerTexts();
      expect(steps.at(-1)).toBe('June 13, 2018: Listed as Not seeking partners');
      expect(steps).toContainEqual(expect.stringMatching(/^June 22, 2018: Specs: /));
    });
  });

  describe('in the browser', () => {
    let page: Page;
    let consoleProblems: string[];
    beforeEach(async () => {
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      consoleProblems = watchConsole(page);
    });
    afterEach(async () => {
      await page.close();
      expect(consoleProblems).toEqual([]);
    });

    it('opens from the footer, offers the whole history and follows the form without reloading', async () => {
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.url());
      });
      await openPage(page, certhub.origin);
      // Lazy: the home page does not load the page's code.
      expect(scripts.filter((url) => /ChangesPage/.test(url))).toEqual([]);

      await page.getByRole('contentinfo').getByRole('link', { name: 'What changed in the catalogue' }).click();
      await page.getByRole('heading', { level: 1, name: 'What changed' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/changes');
      // The last year: the docs page's history ended in 2019; the only recent change is the category
      // the directory's seed adds at first start for the product pages' programs.
      await page.getByText(/^0 programs changed after /).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'See every change since the history starts' }).click();
      await page
        .getByText(/^June 13, 2018: Listed as /)
        .first()
        .waitFor();
      expect(new URL(page.url()).searchParams.get('from')).toBe('2018-06-12');
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.evaluate(() => Object.assign(window, { notReloaded: true }));
      await page.getByLabel('Changes after').fill('2018-06-13');
      await page.getByLabel('Up to and including').fill('2018-09-30');
      await page.getByRole('button', { name: 'Show changes' }).click();
      await page.waitForURL(`${certhub.origin}${SUMMER_2018}`);
      await page.getByRole('heading', { name: 'PCs' }).waitFor();
      // The previous range's entries stay until the new range's answer is rendered.
      await expect.poll(() => page.getByText(/Listed as/).count()).toBe(0);
      await expect(page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    });

    it('is in German at /de/changes, at phone width too, without accessibility problems', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await openPage(page, `${certhub.origin}/de${SUMMER_2018}`);
      await page.getByRole('heading', { level: 1, name: 'Was sich geändert hat' }).waitFor();
      await expect(page.getByLabel('Änderungen nach dem').inputValue()).resolves.toBe('2018-06-13');
      await expect(
        page
          .getByText(/^22\. Juni 2018: Spezifikationen: /)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await accessibilityViolations(page)).toEqual([]);
    });

    it('shows a status change on the program page and in "What changed" right after it is made', async () => {
      const { program } = await certhub.asAdmin<{ program: { id: string; version: number } }>(
        'query { program(slug: "sbc") { id version } }',
      );
      await certhub.asAdmin(
        'mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { id } }',
        { input: { programId: program.id, status: 'SEEKING_PARTNERS', expectedVersion: program.version } },
      );
      await openPage(page, `${certhub.origin}/programs/sbc`);
      await expect(page.locator('ol.timeline li').first().textContent()).resolves.toMatch(
        /^\w+ \d{1,2}, \d{4}: Not seeking partners → Seeking partners$/,
      );
      await openPage(page, `${certhub.origin}/changes`);
      const sbc = page.locator('section.change-group').filter({ has: page.getByRole('heading', { name: 'SBC' }) });
      await expect(sbc.locator('li').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/: Not seeking partners → Seeking partners$/),
      ]);
      expect(await accessibilityViolations(page)).toEqual([]);
    });
  });
});
