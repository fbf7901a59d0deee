import { subscriptionSent } from '@certhub/e2e-support/browser';
import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  consoleSuite,
  createStaff,
  expectAccessible,
  openSignedIn,
  programBySlug,
  setProgramStatus,
  signIn,
} from './console.js';

describe('the programs list follows changes made elsewhere', () => {
  const suite = consoleSuite();

  /** The programs list, signed in, once it follows status changes. */
  const openFollowing = async () => {
    const window = await suite.open();
    const subscribed = subscriptionSent(window.page, 'ProgramStatusLive');
    await window.page.goto(suite.url('/'));
    await signIn(window.page, ADMIN);
    await window.page.locator('table.programs').waitFor();
    await subscribed;
    return window;
  };
  const statusOf = (page: Awaited<ReturnType<typeof openFollowing>>['page'], name: RegExp) =>
    page.getByRole('row', { name }).locator('.badge').textContent();

  it('shows a change made in another window at once, without a reload', async () => {
    const watcher = await openFollowing();
    await watcher.page.evaluate(() => Object.assign(window, { notReloaded: true }));
    await expect(statusOf(watcher.page, /^Select SIP Trunks /)).resolves.toBe('Contact labs');

    const editor = await openSignedIn(suite, await createStaff(suite.certhub, 'EDITOR', 'live-editor@example.com'));
    const row = editor.page.getByRole('row', { name: /^Select SIP Trunks / });
    await row.getByRole('button', { name: /Change status/ }).click();
    const form = editor.page.getByRole('form', { name: 'Change the status of SIP Trunks' });
    await form.getByRole('radio', { name: /^Seeking partners/ }).check();
    await form.getByRole('button', { name: 'Confirm change' }).click();
    await editor.page.getByRole('status').getByText('SIP Trunks: No admission review').waitFor();

    await expect.poll(() => statusOf(watcher.page, /^Select SIP Trunks /), { timeout: 5_000 }).toBe('Seeking partners');
    await watcher.page.getByRole('status').getByText('Updated just now: SIP Trunks is Seeking partners.').waitFor();
    await expect(watcher.page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await expectAccessible(watcher.page);
  });

  it('shows a change made through the API (an import, a script) and a program added meanwhile', async () => {
    const watcher = await openFollowing();
    await expect(statusOf(watcher.page, /^Select Migration /)).resolves.toBe('Not seeking partners');
    await setProgramStatus(suite.certhub, 'migration', 'NO_ADMISSION_REVIEW');
    await expect.poll(() => statusOf(watcher.page, /^Select Migration /), { timeout: 5_000 }).toBe('Contact labs');

    const { categories } = await suite.certhub.asAdmin<{ categories: Array<{ id: string; slug: string }> }>(
      `{ categories { id slug } }`,
    );
    const itPro = categories.find((category) => category.slug === 'it-pro');
    await suite.certhub.asAdmin(`mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id } }`, {
      input: { name: 'Live Added Program', categoryId: itPro?.id, admissionStatus: 'SEEKING_PARTNERS' },
    });
    await expect
      .poll(() => watcher.page.locator('table.programs th[scope="row"]').allInnerTexts(), { timeout: 5_000 })
      .toContain('Live Added Program');
  });

  it('keeps an in-place edit open, with what its user chose, when the program changes meanwhile', async () => {
    const watcher = await openFollowing();
    const row = watcher.page.getByRole('row', { name: /^Select PCs / });
    await row.getByRole('button', { name: /Change status/ }).click();
    const form = watcher.page.getByRole('form', { name: 'Change the status of PCs' });
    await form.getByRole('radio', { name: /^Closed/ }).check();
    await form.getByLabel('Reason (optional, for the audit log)').fill('Half-typed reason');

    const pcs = await programBySlug(suite.certhub, 'pcs');
    const next = pcs.admissionStatus === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS';
    await setProgramStatus(suite.certhub, 'pcs', next);
    await form.getByText(/^Meanwhile someone else changed PCs: it is now/).waitFor();
    await expect(form.getByRole('radio', { name: /^Closed/ }).isChecked()).resolves.toBe(true);
    await expect(form.getByLabel('Reason (optional, for the audit log)').inputValue()).resolves.toBe('Half-typed reason');
    await expect(row.locator('.badge').textContent()).resolves.toBe(
      next === 'SEEKING_PARTNERS' ? 'Seeking partners' : 'Not seeking partners',
    );
    await expectAccessible(watcher.page);
  });
});
