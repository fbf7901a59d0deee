import { setProgramStatus } from '@certhub/e2e-support/certhub';
import { browserSuite, expectAccessible } from '@certhub/e2e-support/suite';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPage, reloadPage } from './open-page.js';

describe('applying to a program and following the application, in a browser', () => {
  // Any console error fails a test: a refused submission is an expected 200 with errors, which the browser does not log.
  const suite = browserSuite();
  let page: Page;
  const setStatus = (slug: string, status: string) => setProgramStatus(suite.certhub, slug, status);

  const fillApplication = async (company: string) => {
    await page.getByLabel('Company name').fill(company);
    await page.getByLabel('Company website').fill('https://example.com');
    await page.getByLabel('Headquarters country').selectOption('DE');
    await page.getByLabel('Contact name').fill('Jane Doe');
    await page.getByLabel('Contact email').fill('jane@example.com');
    await page.getByLabel('Product summary').fill('A desk phone for hybrid offices.');
    await page.getByLabel('Message to the program').fill('We ship to 40 countries and would like to certify our phone.');
    for (const checkbox of await page.getByRole('checkbox').all()) await checkbox.check();
  };

  beforeAll(async () => {
    await setStatus('ip-phones', 'SEEKING_PARTNERS');
  });
  beforeEach(async () => {
    ({ page } = await suite.open());
  });

  it('applies from the program page, validating as the vendor types, then follows and answers', async () => {
    await openPage(page, `${suite.certhub.origin}/?status=SEEKING_PARTNERS`);
    await page.getByRole('link', { name: 'IP Phones' }).click();
    await page.getByRole('link', { name: 'Apply to join IP Phones' }).click();
    await page.getByRole('heading', { level: 1, name: 'Apply to IP Phones' }).waitFor();

    // Rules from the domain package, before anything is sent.
    await page.getByLabel('Contact email').fill('not an email');
    await page.getByLabel('Contact name').focus();
    await page.getByText('Enter an email address, such as jane@example.com.').waitFor();
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect(page.getByText(/Confirm that the company meets every general requirement/).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Company name').getAttribute('aria-invalid')).resolves.toBe('true');

    await fillApplication('Acme Phones');
    await page.getByRole('button', { name: 'Send application' }).click();
    await page.getByRole('heading', { name: 'Application sent' }).waitFor();
    const reference = ((await page.locator('.callout strong').first().textContent()) ?? '').trim();
    expect(reference).toMatch(/^APP-[0-9A-Z]{5}$/);
    const token = await page.getByLabel('Access token').inputValue();
    expect(token.length).toBeGreaterThan(30);

    await page.getByRole('link', { name: 'Follow your application' }).click();
    await page.getByText('Status:').waitFor();
    await expect(page.getByText('Submitted', { exact: true }).first().isVisible()).resolves.toBe(true);

    // Staff ask for more information; the vendor answers on the follow page.
    const { applications } = await suite.certhub.asAdmin<{
      applications: { edges: Array<{ node: { id: string; version: number } }> };
    }>(`{ applications(first: 10) { edges { node { id version } } } }`);
    const application = applications.edges[0]?.node;
    for (const [status, message] of [
      ['IN_REVIEW', null],
      ['INFO_REQUESTED', 'Which markets do you sell in?'],
    ] as const) {
      const { application: current } = await suite.certhub.asAdmin<{ application: { version: number } }>(
        `query ($id: ID!) { application(id: $id) { version } }`,
        { id: application?.id },
      );
      await suite.certhub.asAdmin(
        `mutation ($input: SetApplicationStatusInput!) { setApplicationStatus(input: $input) { status } }`,
        {
          input: { applicationId: application?.id, status, expectedVersion: current.version, message },
        },
      );
    }
    await reloadPage(page);
    await page.getByText('Which markets do you sell in?').waitFor();
    await page.getByLabel('Your answer').fill('Europe and North America.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.getByText('Europe and North America.').waitFor();
    await expect(page.getByRole('button', { name: 'Send the answer' }).count()).resolves.toBe(0);

    // Only the token opens it: a wrong one gets the same answer as an unknown reference.
    await openPage(page, `${suite.certhub.origin}/applications/${reference}#token=wrong`);
    await page.getByText('No application matches this reference and access token.').waitFor();
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Open the application' }).click();
    await page.getByText('Europe and North America.').waitFor();
  });

  it('explains a refusal when the program stopped seeking partners while the vendor filled the form', async () => {
    await setStatus('pcs', 'SEEKING_PARTNERS');
    await openPage(page, `${suite.certhub.origin}/programs/pcs/apply`);
    await page.getByRole('heading', { level: 1, name: 'Apply to PCs' }).waitFor();
    await fillApplication('Late Comers Ltd');
    await setStatus('pcs', 'NOT_SEEKING_PARTNERS');
    await page.getByRole('button', { name: 'Send application' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/not seeking partners/i);
    await expect(page.getByRole('heading', { name: 'Application sent' }).count()).resolves.toBe(0);
  });

  it('says why a program that is not seeking partners takes no application', async () => {
    await openPage(page, `${suite.certhub.origin}/programs/sbc/apply`);
    await page.getByText(/not taking applications/).waitFor();
    await expect(page.getByRole('button', { name: 'Send application' }).count()).resolves.toBe(0);
  });

  it('has no serious accessibility problem on the form, with its errors shown, or on the follow page', async () => {
    await openPage(page, `${suite.certhub.origin}/programs/ip-phones/apply`);
    await page.getByRole('button', { name: 'Send application' }).click();
    await page.getByText(/Confirm that the company meets every general requirement/).waitFor();
    await expectAccessible(page);
    await openPage(page, `${suite.certhub.origin}/applications/APP-00000`);
    await page.getByLabel('Access token').waitFor();
    await expectAccessible(page);
  });

  it('fits the form on a phone', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await openPage(page, `${suite.certhub.origin}/programs/ip-phones/apply`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});
