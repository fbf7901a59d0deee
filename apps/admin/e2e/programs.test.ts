import { describe, expect, it } from 'vitest';
import { ADMIN, consoleSuite, createStaff, expectAccessible, openSignedIn, programBySlug, signIn } from './console.js';

describe('the programs list of the admin console, in a browser', () => {
  const suite = consoleSuite();

  it('signs in with the printed credentials and lands on every program, closed ones too', async () => {
    const { page } = await suite.open();
    await page.goto(suite.url('/'));
    await page.waitForURL(/\/admin\/login\?next=/);
    await page.getByRole('heading', { level: 1, name: 'Sign in to CertHub admin' }).waitFor();
    await expectAccessible(page);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/?$/);
    await expect(page.title()).resolves.toBe('Programs · CertHub admin');
    // The docs page's 16 programs, and the 9 closed ones the directory's seed adds for product pages
    // that How to Join leaves out.
    await expect.poll(() => page.locator('table.programs th[scope="row"]').count()).toBe(25);
    await expectAccessible(page);
  });

  it('says what the server says when signing in is refused', async () => {
    const { page } = await suite.open();
    await page.goto(suite.url('/login'));
    await signIn(page, { email: ADMIN.email, password: 'not the password at all' });
    await page.getByRole('alert').getByText('Email or password is incorrect.').waitFor();
  });

  it('changes a program to seeking partners in a few keystrokes, and the public catalogue shows it', async () => {
    const { page, context } = await openSignedIn(suite);
    const row = page.getByRole('row', { name: /Contact Center/ });
    await row.getByText('Not seeking partners').waitFor();

    // Keyboard only: the button, a status, the confirmation.
    await row.getByRole('button', { name: 'Change status of Contact Center' }).focus();
    await page.keyboard.press('Enter');
    const editor = page.getByRole('form', { name: 'Change the status of Contact Center' });
    await editor.waitFor();
    await expectAccessible(page);
    await expect(
      editor.getByRole('radio', { name: /^Seeking partners/ }).evaluate((radio) => radio === document.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Expanding the program');
    await editor.getByRole('button', { name: 'Confirm change' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('status').getByText('Contact Center: Not seeking partners → Seeking partners.').waitFor();
    await row.getByText('Seeking partners').waitFor();
    // The focus is back where the change started.
    await expect(
      row
        .getByRole('button', { name: 'Change status of Contact Center' })
        .evaluate((button) => button === document.activeElement),
    ).resolves.toBe(true);
    expect((await programBySlug(suite.certhub, 'contact-center')).admissionStatus).toBe('SEEKING_PARTNERS');

    const publicSite = await context.newPage();
    await publicSite.goto(`${suite.certhub.origin}/?status=SEEKING_PARTNERS`);
    await publicSite.getByRole('link', { name: 'Contact Center' }).waitFor();
    await publicSite.close();
  });

  it('shows the change at once, and puts it back with the reason when the server refuses it', async () => {
    const { page } = await openSignedIn(suite);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('SetProgramStatus')) return route.continue();
      await held;
      await route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: 'The database is busy.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
      });
    });
    const row = page.getByRole('row', { name: /^Select Gateway / });
    await row.getByRole('button', { name: /Change status/ }).click();
    const editor = page.getByRole('form', { name: 'Change the status of Gateway' });
    await editor.getByRole('radio', { name: /^No admission review/ }).check();
    await editor.getByRole('button', { name: 'Confirm change' }).click();
    // Optimistic: the row says the new status before the server answers.
    await row.getByText('Contact labs').waitFor();
    release();
    await editor
      .getByRole('alert')
      .getByText(/The status was not changed: The database is busy\. Gateway is still Not seeking partners\./)
      .waitFor();
    await row.getByText('Not seeking partners').waitFor();
    await expectAccessible(page);
  });

  it('shows the second of two editors what the first changed while they were choosing, and applies theirs again on request', async () => {
    const first = await openSignedIn(suite);
    const editorAccount = await createStaff(suite.certhub, 'EDITOR', 'second-editor@example.com');
    const second = await openSignedIn(suite, editorAccount);

    // Both look at SBC as it is now.
    for (const { page } of [first, second])
      await page
        .getByRole('row', { name: /^Select SBC / })
        .getByText('Not seeking partners')
        .waitFor();

    const choose = async (page: typeof first.page, status: RegExp) => {
      await page
        .getByRole('row', { name: /^Select SBC / })
        .getByRole('button', { name: /Change status/ })
        .click();
      const editor = page.getByRole('form', { name: 'Change the status of SBC' });
      await editor.getByRole('radio', { name: status }).check();
      return editor;
    };
    const confirm = (editor: Awaited<ReturnType<typeof choose>>) =>
      editor.getByRole('button', { name: 'Confirm change' }).click();

    // The second is choosing when the first changes SBC: their row follows, their choice stays.
    const secondEditor = await choose(second.page, /^No admission review/);
    await confirm(await choose(first.page, /^Seeking partners/));
    await first.page.getByRole('status').getByText('SBC: Not seeking partners → Seeking partners.').waitFor();
    await second.page
      .getByRole('row', { name: /^Select SBC / })
      .getByText('Seeking partners')
      .waitFor();
    await secondEditor.getByText('Meanwhile someone else changed SBC: it is now Seeking partners.').waitFor();
    await expect(secondEditor.getByRole('radio', { name: /^No admission review/ }).isChecked()).resolves.toBe(true);

    // The first starts another change before the second confirms theirs.
    const firstEditor = await choose(first.page, /^Not seeking partners/);

    await confirm(secondEditor);
    const conflict = second.page.getByRole('alert').filter({ hasText: 'Someone else changed SBC meanwhile' });
    await conflict.waitFor();
    const difference = conflict.getByRole('row', { name: /Status/ });
    await expect
      .poll(() => difference.locator('th, td').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['Status', 'Not seeking partners', 'Seeking partners']);
    await expectAccessible(second.page);

    await conflict.getByRole('button', { name: 'Apply my change again' }).click();
    await second.page
      .getByRole('status')
      .getByText('SBC: Seeking partners → No admission review required: contact labs for testing.')
      .waitFor();
    expect((await programBySlug(suite.certhub, 'sbc')).admissionStatus).toBe('NO_ADMISSION_REVIEW');

    // The first, now behind, keeps the other change instead.
    await first.page
      .getByRole('row', { name: /^Select SBC / })
      .getByText('Contact labs')
      .waitFor();
    await confirm(firstEditor);
    const again = first.page.getByRole('alert').filter({ hasText: 'Someone else changed SBC meanwhile' });
    await again.getByRole('button', { name: 'Keep theirs' }).click();
    await first.page
      .getByRole('status')
      .getByText(/Kept the other change: SBC is No admission review/)
      .waitFor();
    await first.page
      .getByRole('row', { name: /^Select SBC / })
      .getByText('Contact labs')
      .waitFor();
    expect((await programBySlug(suite.certhub, 'sbc')).admissionStatus).toBe('NO_ADMISSION_REVIEW');
  });

  it('filters by status, closed programs included, and keeps the filter in the address on reload', async () => {
    const { page } = await openSignedIn(suite);
    await page.getByLabel('Status').selectOption('CLOSED');
    await page.waitForURL(/status=CLOSED/);
    // The closed programs the directory's seed adds for product pages How to Join leaves out.
    await expect.poll(() => page.locator('table.programs th[scope="row"]').count()).toBe(9);
    await page.getByLabel('Status').selectOption('NO_ADMISSION_REVIEW');
    await page.getByLabel('Search by name').fill('sip');
    await page.waitForURL(/q=sip/);
    await page.reload();
    await expect.poll(() => page.locator('table.programs th[scope="row"]').allInnerTexts()).toEqual(['SIP Trunks']);
  });

  it('sends an ended session to sign in, then back to where it was, whatever ended it', async () => {
    const { page, context } = await openSignedIn(suite);
    // The session ends; the next screen the user asks for sends them to sign in, and back after.
    await context.clearCookies();
    await page.getByLabel('Category').selectOption('video');
    await page.getByText('Your session has ended. Sign in again to go back to where you were.').waitFor();
    await signIn(page, ADMIN);
    await page.waitForURL(/\/admin\/?\?category=video$/);
    const row = page.getByRole('row', { name: /Video Infrastructure/ });
    await row.getByText('Not seeking partners').waitFor();

    // It ends again while a change is being made: the change is refused, nothing is lost but it.
    await page.waitForLoadState('networkidle');
    await context.clearCookies();
    await row.getByRole('button', { name: /Change status/ }).click();
    const editor = page.getByRole('form', { name: 'Change the status of Video Infrastructure' });
    await editor.getByRole('radio', { name: /^Seeking partners/ }).check();
    await editor.getByRole('button', { name: 'Confirm change' }).click();
    await page.getByText('Your session has ended. Sign in again to go back to where you were.').waitFor();
    await signIn(page, ADMIN);
    await page.waitForURL(/\/admin\/?\?category=video$/);
    await row.getByText('Not seeking partners').waitFor();
    expect((await programBySlug(suite.certhub, 'video-infrastructure')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');
  });

  it('makes a newcomer choose a password at first sign-in, then opens the programs', async () => {
    const { createUser } = await suite.certhub.asAdmin<{ createUser: { oneTimePassword: string } }>(
      `mutation { createUser(input: { email: "newcomer@example.com", displayName: "Newcomer", role: EDITOR }) { oneTimePassword } }`,
    );
    const { page } = await suite.open();
    await page.goto(suite.url('/audit'));
    await signIn(page, { email: 'newcomer@example.com', password: createUser.oneTimePassword });
    await page.getByRole('heading', { level: 1, name: 'Choose your own password' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('One-time password').fill(createUser.oneTimePassword);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('New password again').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('a freshly chosen passphrase');
    await page.getByLabel('New password again').fill('a freshly chosen passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
  });

  it('opens deep links on reload, and says when an address leads nowhere', async () => {
    const { page } = await openSignedIn(suite, ADMIN, '/nowhere/at/all');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectAccessible(page);
  });

  it('works at tablet width on every screen, nothing cut off', async () => {
    const { page } = await suite.open({ viewport: { width: 768, height: 1024 } });
    await page.goto(suite.url('/'));
    await signIn(page, ADMIN);
    await page.locator('table.programs').waitFor();
    for (const [path, heading] of [
      ['/', 'Programs'],
      ['/programs/sip-trunks', 'SIP Trunks'],
      ['/applications', 'Applications'],
      ['/catalogue', 'Categories, labs, specs'],
      ['/import', 'Import the docs page'],
      ['/audit', 'Audit log'],
      ['/users', 'Users'],
      ['/webhooks', 'Webhooks'],
      ['/change-password', 'Change your password'],
    ] as const) {
      await page.goto(suite.url(path));
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await expectAccessible(page);
    }
  });
});
