import { describe, expect, it } from 'vitest';
import { applyAsVendor, consoleSuite, expectAccessible, openSignedIn } from './console.js';

describe('the applications inbox of the admin console, in a browser', () => {
  const suite = consoleSuite();

  const submitApplication = (companyName: string) => applyAsVendor(suite.certhub, companyName);

  it('takes an application from submitted to onboarded, offering only the moves the state machine allows', async () => {
    const reference = await submitApplication('Acme Phones GmbH');
    const { page } = await openSignedIn(suite);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    await expect(
      page
        .getByRole('table', { name: /per program/ })
        .getByRole('row', { name: /IP Phones/ })
        .locator('th, td')
        .allInnerTexts(),
    ).resolves.toEqual(['IP Phones', '1', '0', '0', '0', '1', '—', '0 of 1']);
    await expectAccessible(page);

    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: `${reference}: Acme Phones GmbH` }).waitFor();
    const moves = page.getByRole('group', { name: 'Moves' });
    await expect
      .poll(() => moves.getByRole('button').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['Start the review', 'Decline']);
    await expect(page.getByText('Headquarters').locator('xpath=following-sibling::dd[1]').textContent()).resolves.toBe('Germany');
    await expectAccessible(page);

    // Keyboard only: open the move, type a note, confirm.
    await moves.getByRole('button', { name: 'Start the review' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Start the review' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Looks complete.');
    await page.getByRole('button', { name: 'Confirm: start the review' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(`${reference} is now in review.`).waitFor();
    await expect
      .poll(() => moves.getByRole('button').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['Ask for more information', 'Accept', 'Decline']);

    // Asking for more information needs a message for the applicant.
    await moves.getByRole('button', { name: 'Ask for more information' }).click();
    await page.getByRole('button', { name: 'Confirm: ask for more information' }).click();
    await page.getByRole('alert').getByText('Say what more information is needed').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    await moves.getByRole('button', { name: 'Accept' }).click();
    const accept = page.getByRole('form', { name: 'Accept' });
    await accept.getByText('Accepting takes the last partner place (0 of 1 taken).').waitFor();
    await expectAccessible(page);
    await accept.getByLabel('Message to the applicant (optional)').fill('Welcome: the terms follow by email.');
    await accept.getByRole('button', { name: 'Confirm: accept' }).click();
    await page
      .getByRole('status')
      .getByText(/is now accepted/)
      .waitFor();
    await page.getByText('The program is full: 1 of 1 partner places are taken.').waitFor();

    await moves.getByRole('button', { name: 'Mark as onboarded' }).click();
    await page.getByRole('button', { name: 'Confirm: mark as onboarded' }).click();
    await page
      .getByRole('status')
      .getByText(/is now onboarded/)
      .waitFor();
    await page.getByText('This application is onboarded: terms signed: it can change no more.').waitFor();

    await page.getByRole('textbox', { name: 'Internal note' }).fill('Signed on paper.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('status').getByText('The note is added.').waitFor();
    const timeline = await page.locator('.timeline-list > li').allInnerTexts();
    expect(timeline.map((entry) => entry.split('\n')[0])).toEqual([
      'Submitted',
      'Submitted → In review',
      'Internal note',
      'In review → Accepted: program information shared, terms offered',
      'Accepted: program information shared, terms offered → Onboarded: terms signed',
      'Internal note',
    ]);
    expect(timeline[2]).toContain('Looks complete.');
    expect(timeline[3]).toContain('Welcome: the terms follow by email.');
    await expectAccessible(page);
  });

  it('filters the inbox by status and searches it', async () => {
    const reference = await submitApplication('Zebra Telecom');
    const { page } = await openSignedIn(suite, undefined, '/applications');
    await page.getByRole('link', { name: reference }).waitFor();
    await page.getByLabel('Search: company, contact or reference').fill('zebra');
    await page.waitForURL(/q=zebra/);
    await expect.poll(() => page.locator('table.data:not(.figures) tbody th').allInnerTexts()).toEqual([reference]);
    await page.getByLabel('Status').selectOption('ONBOARDED');
    await page.getByRole('heading', { name: 'No application here' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'No application here' }).waitFor();
  });
});
