import { setProgramStatus } from '@certhub/e2e-support/certhub';
import { browserSuite, expectAccessible } from '@certhub/e2e-support/suite';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { openPage, reloadPage } from './open-page.js';

describe('the public catalogue in a browser', () => {
  const suite = browserSuite();
  let page: Page;
  beforeEach(async () => {
    ({ page } = await suite.open());
  });

  const programRows = () => page.locator('table.catalogue tbody tr:not(.category-row) th[scope="row"]').allInnerTexts();

  it('shows every program in its category, with statuses, specs and labs', async () => {
    await openPage(page, suite.certhub.origin);
    await expect(page.title()).resolves.toBe('Certification programs · CertHub');
    await page.getByRole('table').waitFor();
    expect(await programRows()).toHaveLength(16);
    expect(await page.locator('th[scope="rowgroup"]').allInnerTexts()).toEqual([
      'Devices',
      'Infrastructure',
      'Services',
      'IT Pro',
      'Video',
      'ISV',
    ]);
    const sipTrunks = page.getByRole('row', { name: /SIP Trunks/ });
    await expect(sipTrunks.getByText('Contact labs').isVisible()).resolves.toBe(true);
    await expect(sipTrunks.getByRole('link', { name: 'Tekvizion' }).getAttribute('href')).resolves.toBe(
      'http://www.tekvizion.com/premier-tenants/microsoft',
    );
    const videoRow = page.getByRole('row', { name: /Video Infrastructure/ });
    await expect(videoRow.getByText('Coming soon').isVisible()).resolves.toBe(true);
    await expect(videoRow.getByText('Available on admission to program').isVisible()).resolves.toBe(true);
  });

  it('filters by status in one click, keeps the filter in the URL, and keeps it on reload', async () => {
    await openPage(page, suite.certhub.origin);
    await page.getByRole('button', { name: /Contact labs/ }).click();
    await page.waitForURL(/status=NO_ADMISSION_REVIEW/);
    await expect.poll(programRows).toEqual(['SIP Trunks']);
    await reloadPage(page);
    await expect.poll(programRows).toEqual(['SIP Trunks']);
    await expect(page.getByRole('button', { name: /Contact labs/ }).getAttribute('aria-pressed')).resolves.toBe('true');
  });

  it('filters by category, lab and name together, and says what to change when nothing matches', async () => {
    await openPage(page, suite.certhub.origin);
    await page.getByLabel('Category').selectOption('devices');
    // The URL is the filter: the next choice adds to the view once it shows this one.
    await page.waitForURL(/category=devices/);
    await page.getByLabel('Certification lab').selectOption('ast');
    await expect.poll(programRows).toEqual(['PCs', 'USB Audio and Video Devices', 'Meeting Room Devices and Solutions']);
    await page.getByLabel('Search by name').fill('usb');
    await page.waitForURL(/q=usb/);
    await expect.poll(programRows).toEqual(['USB Audio and Video Devices']);
    expect(new URL(page.url()).searchParams.toString()).toBe('category=devices&lab=ast&q=usb');
    await expect(page.getByRole('link', { name: 'CSV' }).getAttribute('href')).resolves.toBe(
      '/export/catalogue.csv?category=devices&lab=ast&q=usb',
    );

    await page.getByLabel('Search by name').fill('no such program');
    await page.getByRole('heading', { name: 'No program matches' }).waitFor();
    await page.getByRole('button', { name: 'Show all categories' }).click();
    await page.getByRole('button', { name: /Show names other than/ }).click();
    await expect.poll(programRows).toEqual(['PCs', 'USB Audio and Video Devices', 'Meeting Room Devices and Solutions']);
  });

  it('downloads the same view the page shows', async () => {
    const csv = await (await fetch(`${suite.certhub.origin}/export/catalogue.csv?category=it-pro`)).text();
    expect(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[1]),
    ).toEqual(['Network Pre-Assessment', 'Migration']);
    const json = (await (await fetch(`${suite.certhub.origin}/export/catalogue.json?status=NO_ADMISSION_REVIEW`)).json()) as {
      programs: Array<{ name: string }>;
    };
    expect(json.programs.map((program) => program.name)).toEqual(['SIP Trunks']);
  });

  it('opens a program from the catalogue, and loads it again from its own address', async () => {
    await openPage(page, suite.certhub.origin);
    await page.getByRole('link', { name: 'SIP Trunks' }).click();
    await page.getByRole('heading', { level: 1, name: 'SIP Trunks' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/programs/sip-trunks');
    await expect(page.getByText(/No admission review is needed/).isVisible()).resolves.toBe(true);
    await reloadPage(page);
    await page.getByRole('heading', { level: 1, name: 'SIP Trunks' }).waitFor();
    await expect(page.getByRole('heading', { name: 'History', exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.title()).resolves.toBe('SIP Trunks · CertHub');
  });

  it('lets a visitor ask to be told when a program starts seeking partners', async () => {
    await openPage(page, `${suite.certhub.origin}/programs/sba`);
    await page.getByRole('heading', { name: 'Tell me when it starts seeking partners' }).waitFor();
    await page.getByLabel('Email').fill('watcher@example.com');
    await page.getByRole('button', { name: 'Notify me' }).click();
    await page.getByText(/Check your inbox: follow the link we sent to watcher@example.com/).waitFor();
  });

  it('shows a page for addresses that lead nowhere', async () => {
    await openPage(page, `${suite.certhub.origin}/programs/no-such-program`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await openPage(page, `${suite.certhub.origin}/nowhere/at/all`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  it('reads how to join from the API, with the programs seeking partners right now', async () => {
    await setProgramStatus(suite.certhub, 'contact-center', 'SEEKING_PARTNERS');
    await openPage(page, `${suite.certhub.origin}/join`);
    await page.getByRole('heading', { level: 1, name: 'How to join' }).waitFor();
    expect(await page.locator('section[aria-labelledby="requirements-heading"] li').count()).toBe(6);
    expect(await page.locator('ol.steps > li').count()).toBe(3);
    await expect
      .poll(() => page.locator('section[aria-labelledby="seeking-heading"]').getByRole('link').allInnerTexts(), {
        timeout: 10_000,
      })
      .toEqual(['Contact Center']);
  });

  it('lays the catalogue out as cards on a phone, with nothing cut off', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await openPage(page, suite.certhub.origin);
    await page.getByRole('table').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const row = page.getByRole('row', { name: /Meeting Room Devices/ });
    const box = await row.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(360);
    const label = await row
      .locator('td')
      .first()
      .evaluate((cell) => getComputedStyle(cell, '::before').content);
    expect(label).toBe('"Partner admission"');
  });

  it.each(['/', '/?status=SEEKING_PARTNERS', '/programs/pcs', '/join', '/api', '/nowhere'])(
    'has no serious accessibility problem at %s',
    async (route) => {
      await openPage(page, `${suite.certhub.origin}${route}`);
      await page.locator('h1').waitFor();
      await expectAccessible(page);
    },
  );

  it('can be used with the keyboard alone', async () => {
    await openPage(page, suite.certhub.origin);
    await page.getByRole('table').waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    for (let presses = 0; presses < 12; presses += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'IP Phones') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'IP Phones' }).waitFor();
  });
});
