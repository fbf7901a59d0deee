import { describe, expect, it } from 'vitest';
import { consoleSuite, createStaff, expectAccessible, openSignedIn, signIn } from './console.js';

describe('staff accounts in the admin console, in a browser', () => {
  const suite = consoleSuite();

  it('lets an admin create an editor, who chooses a password and cannot reach user management', async () => {
    const admin = await openSignedIn(suite);
    await admin.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' }).click();
    await admin.page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await expectAccessible(admin.page);
    const form = admin.page.getByRole('region', { name: 'New staff account' });
    await form.getByLabel('Email').fill('editor@example.com');
    await form.getByLabel('Name').fill('Eddie Editor');
    await form.getByRole('button', { name: 'Create account' }).click();
    const handover = admin.page.getByRole('status').locator('.one-time-password');
    await handover.waitFor();
    const oneTimePassword = (await handover.textContent()) ?? '';
    await admin.page
      .getByRole('row', { name: /Eddie Editor/ })
      .getByText('Active, must choose a password')
      .waitFor();
    await expectAccessible(admin.page);

    const editor = await suite.open();
    await editor.page.goto(suite.url('/users'));
    await signIn(editor.page, { email: 'editor@example.com', password: oneTimePassword });
    await editor.page.getByLabel('One-time password').fill(oneTimePassword);
    await editor.page.getByLabel('New password', { exact: true }).fill('a passphrase of their own choosing');
    await editor.page.getByLabel('New password again').fill('a passphrase of their own choosing');
    await editor.page.getByRole('button', { name: 'Change password' }).click();
    // Back where the editor was going: a screen for admins only.
    await editor.page.getByRole('heading', { level: 1, name: 'Admins only' }).waitFor();
    await expect(
      editor.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' }).count(),
    ).resolves.toBe(0);
    await expectAccessible(editor.page);
    await editor.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Programs' }).click();
    await editor.page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
  });

  it('throws a disabled user out at their next step, and says so when they try again', async () => {
    const account = await createStaff(suite.certhub, 'EDITOR', 'doomed@example.com');
    const doomed = await openSignedIn(suite, account);
    const admin = await openSignedIn(suite, undefined, '/users');
    await admin.page.getByRole('button', { name: 'Manage doomed@example.com' }).click();
    await admin.page.getByRole('button', { name: 'Disable doomed@example.com' }).click();
    await admin.page.getByRole('status').getByText('doomed@example.com is disabled and signed out everywhere.').waitFor();
    await admin.page
      .getByRole('row', { name: /doomed/ })
      .getByText('Disabled')
      .waitFor();

    await doomed.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Applications' }).click();
    await doomed.page.getByText('Your session has ended. Sign in again to go back to where you were.').waitFor();
    expect(new URL(doomed.page.url()).searchParams.get('next')).toBe('/applications');
    await signIn(doomed.page, account);
    await doomed.page.getByRole('alert').getByText('This account is disabled. Ask an admin to enable it.').waitFor();

    await admin.page.getByRole('button', { name: 'Manage doomed@example.com' }).click();
    await admin.page.getByRole('button', { name: 'Enable doomed@example.com' }).click();
    await admin.page.getByRole('status').getByText('doomed@example.com can sign in again.').waitFor();
    await signIn(doomed.page, account);
    await doomed.page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
  });

  it('resets a password to a one-time one, after asking, and changes a role', async () => {
    await createStaff(suite.certhub, 'EDITOR', 'forgetful@example.com');
    const { page } = await openSignedIn(suite, undefined, '/users');
    await page.getByRole('button', { name: 'Manage forgetful@example.com' }).click();
    await page.getByRole('button', { name: 'Reset password…' }).click();
    await page
      .getByRole('group', { name: 'Confirm the password reset' })
      .getByRole('button', { name: 'Reset the password' })
      .click();
    await page.getByRole('status').getByText('forgetful@example.com has a new password and is signed out.').waitFor();
    await expect(page.getByRole('status').locator('.one-time-password').textContent()).resolves.toMatch(/\S{10,}/);

    await page.getByRole('button', { name: 'Manage forgetful@example.com' }).click();
    await page.getByRole('combobox', { name: /^Role of/ }).selectOption('ADMIN');
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByRole('status').getByText('forgetful@example.com is now an admin.').waitFor();
    await page
      .getByRole('row', { name: /forgetful/ })
      .getByText('Admin', { exact: true })
      .waitFor();
  });
});
