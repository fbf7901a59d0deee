import { readFileSync } from 'node:fs';
import { accessibilityViolations, launchBrowser, watchConsole } from '@certhub/e2e-support/browser';
import { type RunningCertHub, startCertHub } from '@certhub/e2e-support/certhub';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

/** The seed page with IP Phones seeking partners and, beside its status, a contact address (issue 18 item 4). */
const seedPage = readFileSync(new URL('../../server/seed/how-to-join.md', import.meta.url), 'utf8');
const withContact = seedPage.replace(
  '<td>IP Phones</td>\n\t\t\t<td style="text-align:center" valign="middle">Not seeking partners</td>',
  '<td>IP Phones</td>\n\t\t\t<td style="text-align:center" valign="middle">Seeking partners <a href="mailto:phones@contoso.com">phones@contoso.com</a></td>',
);
const IMPORT = `mutation ($markdown: String!, $effectiveAt: String) {
  importHowToJoinPage(markdown: $markdown, dryRun: false, effectiveAt: $effectiveAt) { changes { kind } }
}`;
const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;

describe("a program's contact address on the public site", () => {
  let certhub: RunningCertHub;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    [certhub, browser] = await Promise.all([startCertHub(), launchBrowser()]);
    expect(withContact).not.toBe(seedPage);
    const { importHowToJoinPage } = await certhub.asAdmin<{ importHowToJoinPage: { changes: Array<{ kind: string }> } }>(IMPORT, {
      markdown: withContact,
      effectiveAt: new Date().toISOString(),
    });
    expect(importHowToJoinPage.changes.map((change) => change.kind)).toEqual(
      expect.arrayContaining(['admission-contact-changed', 'admission-status-changed']),
    );
    // A second program seeking partners, without an address: the Join page lists only addresses given.
    const { program } = await certhub.asAdmin<{ program: { id: string; version: number } }>(
      `{ program(slug: "pcs") { id version } }`,
    );
    await certhub.asAdmin(SET_STATUS, {
      input: { programId: program.id, status: 'SEEKING_PARTNERS', expectedVersion: program.version },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await certhub?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    consoleProblems = watchConsole(page);
  });
  afterEach(async () => {
    await page.close();
    expect(consoleProblems).toEqual([]);
  });

  it('is in the HTML of the program page, beside the apply button, in English and German', async () => {
    for (const [path, sentence] of [
      ['/programs/ip-phones', 'Questions? Email phones@contoso.com.'],
      ['/de/programs/ip-phones', 'Fragen? Schreiben Sie an phones@contoso.com.'],
    ] as const) {
      const html = await (await fetch(`${certhub.origin}${path}`, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('<a href="mailto:phones@contoso.com">phones@contoso.com</a>');
      await openPage(page, `${certhub.origin}${path}`);
      const nextStep = page.locator('section.next-step');
      await expect(nextStep.getByText(sentence).isVisible()).resolves.toBe(true);
      await expect(nextStep.getByRole('link', { name: 'phones@contoso.com' }).getAttribute('href')).resolves.toBe(
        'mailto:phones@contoso.com',
      );
      await expect(nextStep.getByRole('link', { name: /IP Phones/ }).isVisible()).resolves.toBe(true);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    // A program without an address says nothing about one.
    await openPage(page, `${certhub.origin}/programs/pcs`);
    await page.getByRole('link', { name: 'Apply to join PCs' }).waitFor();
    await expect(page.locator('section.next-step a[href^="mailto:"]').count()).resolves.toBe(0);
  });

  it('is listed in the Join step that asks for it, per program, and read with JavaScript off', async () => {
    let context: BrowserContext | undefined;
    try {
      context = await browser.newContext({ javaScriptEnabled: false });
      const plain = await context.newPage();
      for (const [path, lead] of [
        ['/join', 'The addresses of the programs seeking partners:'],
        ['/de/join', 'Die Adressen der Programme, die Partner suchen:'],
      ] as const) {
        await plain.goto(`${certhub.origin}${path}`);
        const step = plain.locator('ol.steps > li').filter({ hasText: 'Email the alias listed in the table' });
        await expect(step.getByText(lead).isVisible()).resolves.toBe(true);
        await expect(step.locator('.aliases li').allInnerTexts()).resolves.toEqual(['IP Phones: phones@contoso.com']);
        await expect(step.getByRole('link', { name: 'phones@contoso.com' }).getAttribute('href')).resolves.toBe(
          'mailto:phones@contoso.com',
        );
        // The step is the docs page's English; what CertHub adds to it is in the page's language.
        await expect(step.locator('.aliases').getAttribute('lang')).resolves.toBe(path.startsWith('/de') ? 'de' : 'en');
      }
    } finally {
      await context?.close();
    }
    await openPage(page, `${certhub.origin}/join`);
    await page.getByRole('link', { name: 'phones@contoso.com' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of ['/programs/ip-phones', '/join']) {
      await openPage(page, `${certhub.origin}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
    }
  });
});
