import { browserSuite, expectAccessible } from '@certhub/e2e-support/suite';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { openPage, reloadPage } from './open-page.js';

const GERMAN_DAY = /\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}/;
const ENGLISH_DAY = /(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}/;

describe('the public site in German', () => {
  const suite = browserSuite();
  let page: Page;
  let consoleProblems: string[];
  beforeEach(async () => {
    // An English-speaking browser: no language is suggested on English pages.
    ({ page, problems: consoleProblems } = await suite.open({ locale: 'en-US' }));
  });

  const programRows = () => page.locator('table.catalogue tbody tr:not(.category-row) th[scope="row"]').allInnerTexts();
  /** The page's hreflang alternates, as language and path (their origin is the site's PUBLIC_URL). */
  const alternates = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="alternate"][hreflang]')].map((link) => [
        link.hreflang,
        new URL(link.href).pathname + new URL(link.href).search,
      ]),
    );
  const htmlLang = () => page.evaluate(() => document.documentElement.lang);

  it('shows the catalogue at /de/ in German words, with names as published', async () => {
    await openPage(page, `${suite.certhub.origin}/de/`);
    await page.getByRole('heading', { level: 1, name: 'Zertifizierungsprogramme' }).waitFor();
    await page.getByRole('table').waitFor();
    await expect(page.title()).resolves.toBe('Zertifizierungsprogramme · CertHub');
    await expect(htmlLang()).resolves.toBe('de');
    expect(await programRows()).toHaveLength(16);
    await expect(page.getByRole('status').filter({ hasText: 'Programme im Katalog' }).textContent()).resolves.toBe(
      '16 Programme im Katalog.',
    );
    const sipTrunks = page.getByRole('row', { name: /SIP Trunks/ });
    await expect(sipTrunks.getByText('Labore kontaktieren').isVisible()).resolves.toBe(true);
    const videoRow = page.getByRole('row', { name: /Video Infrastructure/ });
    await expect(videoRow.getByText('Demnächst').isVisible()).resolves.toBe(true);
    await expect(videoRow.getByText('Nach Aufnahme ins Programm erhältlich').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('columnheader', { name: 'Zertifizierungslabore' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'SIP Trunks' }).getAttribute('href')).resolves.toBe('/de/programs/sip-trunks');
    await expect(page.getByRole('link', { name: 'Teilnahme' }).getAttribute('href')).resolves.toBe('/de/join');
    expect(await alternates()).toEqual([
      ['en', '/'],
      ['de', '/de/'],
      ['x-default', '/'],
    ]);
  });

  it('filters in German, with plurals that agree, and keeps the filter in the German address', async () => {
    await openPage(page, `${suite.certhub.origin}/de/`);
    await page.getByRole('button', { name: /Labore kontaktieren/ }).click();
    await page.waitForURL(/\/de\/\?status=NO_ADMISSION_REVIEW/);
    await expect.poll(programRows).toEqual(['SIP Trunks']);
    await expect(page.getByText('1 Programm passt zu diesen Filtern.').isVisible()).resolves.toBe(true);
    await page.getByLabel('Kategorie').selectOption('devices');
    await page.getByRole('heading', { name: 'Kein Programm passt' }).waitFor();
    await page.getByRole('button', { name: 'Jeden Status zeigen' }).click();
    await expect.poll(async () => (await programRows()).length).toBeGreaterThan(1);
    await expect(page.getByText(/^\d+ Programme passen zu diesen Filtern\.$/).isVisible()).resolves.toBe(true);
    expect(await alternates()).toEqual([
      ['en', '/?category=devices'],
      ['de', '/de/?category=devices'],
      ['x-default', '/?category=devices'],
    ]);
  });

  it('shows a program in German, with dates as Germans write them', async () => {
    await openPage(page, `${suite.certhub.origin}/de/programs/sip-trunks`);
    await page.getByRole('heading', { level: 1, name: 'SIP Trunks' }).waitFor();
    await expect(htmlLang()).resolves.toBe('de');
    await expect(page.title()).resolves.toBe('SIP Trunks · CertHub');
    await expect(page.getByRole('heading', { name: 'Wie es weitergeht' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/Eine Aufnahmeprüfung ist nicht nötig/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Verlauf', exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.locator('.program-status .muted').textContent()).toMatch(new RegExp(`^seit ${GERMAN_DAY.source}$`));
    const history = await page.locator('ol.timeline li').allInnerTexts();
    expect(history.at(-1)).toMatch(new RegExp(`^${GERMAN_DAY.source}: Aufgenommen als Keine Aufnahmeprüfung nötig`));
    await expect(page.getByRole('link', { name: 'Programme', exact: true }).first().getAttribute('href')).resolves.toBe('/de/');

    // The same page in English is as it was.
    await openPage(page, `${suite.certhub.origin}/programs/sip-trunks`);
    await page.getByRole('heading', { name: 'History', exact: true }).waitFor();
    await expect(htmlLang()).resolves.toBe('en');
    expect(await page.locator('.program-status .muted').textContent()).toMatch(new RegExp(`^since ${ENGLISH_DAY.source}$`));
    expect(await alternates()).toEqual([
      ['en', '/programs/sip-trunks'],
      ['de', '/de/programs/sip-trunks'],
      ['x-default', '/programs/sip-trunks'],
    ]);
  });

  it('switches language from the header, to the same page, with the keyboard', async () => {
    await openPage(page, `${suite.certhub.origin}/programs/pcs?from=switcher`);
    await page.getByRole('heading', { level: 1, name: 'PCs' }).waitFor();
    const deutsch = page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Deutsch' });
    await expect(deutsch.getAttribute('hreflang')).resolves.toBe('de');
    await expect(deutsch.getAttribute('lang')).resolves.toBe('de');
    await deutsch.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${suite.certhub.origin}/de/programs/pcs?from=switcher`);
    await page.getByRole('heading', { name: 'Verlauf', exact: true }).waitFor();
    await expect(htmlLang()).resolves.toBe('de');

    const english = page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'English' });
    await expect(english.getAttribute('hreflang')).resolves.toBe('en');
    await english.click();
    await page.waitForURL(`${suite.certhub.origin}/programs/pcs?from=switcher`);
    await page.getByRole('heading', { name: 'History', exact: true }).waitFor();
    await expect(htmlLang()).resolves.toBe('en');
  });

  it('has German pages for how to join, the API and addresses that lead nowhere', async () => {
    await openPage(page, `${suite.certhub.origin}/de/join`);
    await page.getByRole('heading', { level: 1, name: 'Teilnahme' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Was jeder Anbieter braucht' }).isVisible()).resolves.toBe(true);
    // The docs page's own words stay as published, marked as English.
    await expect(page.locator('section[aria-labelledby="requirements-heading"] ul').getAttribute('lang')).resolves.toBe('en');
    await openPage(page, `${suite.certhub.origin}/de/api`);
    await page.getByRole('heading', { level: 1, name: 'Für Entwickler' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Grenzen und Ratenbegrenzung' }).isVisible()).resolves.toBe(true);
    const missing = await openPage(page, `${suite.certhub.origin}/de/nirgendwo`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Seite nicht gefunden' }).waitFor();
    // The browser reports the 404 it was answered: that one is expected.
    consoleProblems.splice(0, consoleProblems.length, ...consoleProblems.filter((problem) => !/status of 404/.test(problem)));
    await expect(page.getByRole('link', { name: 'Alle Zertifizierungsprogramme ansehen' }).getAttribute('href')).resolves.toBe(
      '/de/',
    );
  });

  it('offers German once to a browser that prefers it, never redirecting', async () => {
    const { page: german } = await suite.open({ locale: 'de-DE' });
    await openPage(german, suite.certhub.origin);
    const notice = german.locator('aside.language-suggestion');
    await notice.waitFor();
    expect(new URL(german.url()).pathname).toBe('/');
    await expect(notice.getAttribute('lang')).resolves.toBe('de');
    await expect(notice.textContent()).resolves.toMatch(/^Diese Seite gibt es auch auf Deutsch\. Auf Deutsch lesen/);
    await expect(notice.getByRole('link', { name: 'Auf Deutsch lesen' }).getAttribute('href')).resolves.toBe('/de/');
    await notice.getByRole('button', { name: 'Nein, danke' }).click();
    await notice.waitFor({ state: 'detached' });
    await reloadPage(german);
    await german.getByRole('table').waitFor();
    await expect(german.locator('aside.language-suggestion').count()).resolves.toBe(0);
    // The page itself never varies by the header: the same bytes whatever the browser prefers.
    const [plain, asked] = await Promise.all([
      fetch(`${suite.certhub.origin}/`, { headers: { accept: 'text/html' } }).then((response) => response.text()),
      fetch(`${suite.certhub.origin}/`, { headers: { accept: 'text/html', 'accept-language': 'de-DE,de;q=0.9' } }).then(
        (response) => response.text(),
      ),
    ]);
    expect(asked).toBe(plain);
  });

  it('is rendered on the server in German: words, lang and alternates, and filters without JavaScript', async () => {
    const html = await (
      await fetch(`${suite.certhub.origin}/de/programs/sip-trunks`, { headers: { accept: 'text/html' } })
    ).text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="de">/i);
    expect(html).toMatch(/<link rel="alternate" hreflang="en" href="http[^"]+\/programs\/sip-trunks"/);
    expect(html).toMatch(/<link rel="alternate" hreflang="de" href="http[^"]+\/de\/programs\/sip-trunks"/);
    expect(html).toMatch(/<link rel="alternate" hreflang="x-default" href="http[^"]+\/programs\/sip-trunks"/);
    expect(html).toContain('>Verlauf</h2>');
    expect(html).toContain('Labore kontaktieren');

    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    try {
      const noScript = await context.newPage();
      await noScript.goto(`${suite.certhub.origin}/de/`);
      await expect(noScript.title()).resolves.toBe('Zertifizierungsprogramme · CertHub');
      await noScript.getByLabel('Partneraufnahme', { exact: true }).selectOption('NO_ADMISSION_REVIEW');
      await noScript.getByRole('button', { name: 'Programme zeigen' }).click();
      await noScript.waitForURL(/\/de\/\?.*status=NO_ADMISSION_REVIEW/);
      expect(await noScript.locator('table.catalogue tbody tr:not(.category-row) th[scope="row"]').allInnerTexts()).toEqual([
        'SIP Trunks',
      ]);
      await expect(noScript.getByText('1 Programm passt zu diesen Filtern.').isVisible()).resolves.toBe(true);
      await noScript.goto(`${suite.certhub.origin}/de/programs/sba`);
      await expect(noScript.getByText(/Die Benachrichtigung braucht JavaScript/).isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });

  it("says what is wrong with the application form in German, the browser's check and the server's refusal", async () => {
    const setStatus = async (status: string) => {
      const { program } = await suite.certhub.asAdmin<{ program: { id: string; version: number } }>(
        `{ program(slug: "load-balancer") { id version } }`,
      );
      await suite.certhub.asAdmin(
        `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
        { input: { programId: program.id, status, expectedVersion: program.version } },
      );
    };
    await setStatus('SEEKING_PARTNERS');
    try {
      await openPage(page, `${suite.certhub.origin}/de/programs/load-balancer/apply`);
      await page.getByRole('button', { name: 'Bewerbung senden' }).click();
      await page.getByText('Geben Sie den Namen des Unternehmens an.').waitFor();
      await expect(
        page.getByText('Bestätigen Sie, dass das Unternehmen jede allgemeine Voraussetzung erfüllt.').isVisible(),
      ).resolves.toBe(true);
      await page.getByLabel('E-Mail der Kontaktperson').fill('keine Adresse');
      await page.getByLabel('Name der Kontaktperson').focus();
      await page.getByText('Geben Sie eine E-Mail-Adresse an, etwa jane@example.com.').waitFor();
      await page.getByLabel('Produktbeschreibung').fill('x'.repeat(2001));
      await page.getByText('Höchstens 2.000 Zeichen, bitte.').waitFor();
      await expectAccessible(page);

      await page.getByLabel('Name des Unternehmens').fill('Beispiel GmbH');
      await page.getByLabel('Website des Unternehmens').fill('https://example.de');
      await page.getByLabel('Land des Hauptsitzes').selectOption('DE');
      await page.getByLabel('Name der Kontaktperson').fill('Erika Mustermann');
      await page.getByLabel('E-Mail der Kontaktperson').fill('erika@example.de');
      await page.getByLabel('Produktbeschreibung').fill('Ein Lastverteiler für Rechenzentren.');
      await page.getByLabel('Nachricht an das Programm').fill('Wir möchten unser Produkt zertifizieren lassen.');
      for (const checkbox of await page.getByRole('checkbox').all()) await checkbox.check();
      // The program stops seeking partners while the form is filled in: the server refuses, in German.
      await setStatus('NOT_SEEKING_PARTNERS');
      await page.getByRole('button', { name: 'Bewerbung senden' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Dieses Programm sucht derzeit keine Partner' });
      await alert.waitFor();
      await expect(page.getByText(/not seeking partners/i).count()).resolves.toBe(0);
    } finally {
      await setStatus('NOT_SEEKING_PARTNERS').catch(() => undefined);
    }
  });

  it.each(['/de/', '/de/programs/pcs', '/de/join', '/de/api'])('has no serious accessibility problem at %s', async (route) => {
    await openPage(page, `${suite.certhub.origin}${route}`);
    await page.locator('h1').waitFor();
    await expectAccessible(page);
  });
});
