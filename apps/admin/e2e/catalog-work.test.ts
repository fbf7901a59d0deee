import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyStatusToCategory,
  consoleSuite,
  expectAccessible,
  openSignedIn,
  programBySlug,
  setProgramStatus,
} from './console.js';

/** The docs page the server seeds from, and a version of it with SBC seeking partners. */
const seedPage = readFileSync(new URL('../../server/seed/how-to-join.md', import.meta.url), 'utf8');
const newVersion = seedPage.replace(
  '<td>SBC</td>\n\t\t\t<td style="text-align:center" valign="middle">Not seeking partners</td>',
  '<td>SBC</td>\n\t\t\t<td style="text-align:center" valign="middle">Seeking partners</td>',
);

describe('keeping the catalogue true in the admin console, in a browser', () => {
  const suite = consoleSuite();

  it('previews an import of a new version of the docs page, then applies it with a summary', async () => {
    const { page } = await openSignedIn(suite, undefined, '/import');
    await page.getByRole('heading', { level: 1, name: 'Import the docs page' }).waitFor();
    await page.getByLabel('Markdown file of the page').setInputFiles({
      name: 'how-to-join.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(newVersion),
    });
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    const changes = page.getByRole('region', { name: 'What would change' });
    await changes.getByText('The page has 16 programs in 6 categories').waitFor();
    await expect
      .poll(() => changes.getByRole('listitem').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('SBC')]);
    expect((await programBySlug(suite.certhub, 'sbc')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Apply 1 change' }).click();
    await page.getByRole('status').getByText('Imported: 1 change written as one batch.').waitFor();
    expect((await programBySlug(suite.certhub, 'sbc')).admissionStatus).toBe('SEEKING_PARTNERS');

    await page
      .getByLabel('Or paste its text')
      .fill(seedPage.replace('valign="middle">Not seeking partners</td>', 'valign="middle">Maybe</td>'));
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Row \d+ \(.+\), cell ".+": /)
      .waitFor();
  });

  it('sends the date of the import screen as the effective date, its refusals shown at the field', async () => {
    const { page } = await openSignedIn(suite, undefined, '/import');
    await page.getByRole('heading', { level: 1, name: 'Import the docs page' }).waitFor();
    await page
      .getByLabel('Or paste its text')
      .fill(newVersion.replace(/(<td>PCs<\/td>\s*<td[^>]*>)[^<]*(<\/td>)/, '$1Seeking partners$2'));
    const date = page.getByLabel('Effective date (optional)');
    // The server seeded today's catalogue as of its start: a day in the future, or before that, is refused.
    for (const [day, refusal] of [
      ['2999-01-01', /which is in the future/],
      ['2025-01-15', /before changes already recorded/],
    ] as const) {
      await date.fill(day);
      await page.getByRole('button', { name: 'Preview the changes' }).click();
      await page.getByText(refusal).waitFor();
      await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.getByRole('region', { name: 'What would change' }).count()).resolves.toBe(0);
    }
    await expectAccessible(page);

    // Without a date: as of now (the page has no date of its own), which the preview says.
    await date.fill('');
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    const changes = page.getByRole('region', { name: 'What would change' });
    await changes.getByText(`Its changes are dated ${new Date().toISOString().slice(0, 10)}.`).waitFor();
    await expect(date.getAttribute('aria-invalid')).resolves.toBe('false');
  });

  it('changes the status of a whole category as one batch, after a preview, and undoes it', async () => {
    const { page, context } = await openSignedIn(suite);
    await page.getByRole('checkbox', { name: 'Select every program of ISV' }).check();
    const panel = page.getByRole('region', { name: /Change the status of 3 programs/ });
    await panel.getByLabel('New status').selectOption('SEEKING_PARTNERS');
    await panel.getByLabel('Reason (for the audit log)').fill('Video push');
    await panel.getByRole('button', { name: 'Preview the change' }).click();
    const preview = panel.getByRole('table', { name: /What will change: 3 programs to Seeking partners/ });
    await expect
      .poll(() => preview.locator('tbody th').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['Call Recording and Compliance', 'Contact Center', 'Attendant Console']);
    await expectAccessible(page);
    await panel.getByRole('button', { name: 'Apply to 3 programs' }).click();
    await panel.getByText('Changed 3 programs to Seeking partners, as one batch.').waitFor();
    await page
      .getByRole('row', { name: /Select Attendant Console / })
      .getByText('Seeking partners')
      .waitFor();

    const publicSite = await context.newPage();
    await publicSite.goto(`${suite.certhub.origin}/?status=SEEKING_PARTNERS&category=isv`);
    await publicSite.getByRole('link', { name: 'Attendant Console' }).waitFor();

    await panel.getByRole('button', { name: 'Undo this change' }).click();
    await panel.getByText('Undone: 3 programs are back as they were.').waitFor();
    await page
      .getByRole('row', { name: /Select Attendant Console / })
      .getByText('Not seeking partners')
      .waitFor();
    await publicSite.reload();
    await publicSite.getByRole('heading', { name: 'No program matches' }).waitFor();
    await publicSite.close();
  });

  it('shows the audit log with fields before and after, and undoes a batch there unless something changed since', async () => {
    const { page } = await openSignedIn(suite);
    const panel = await applyStatusToCategory(page, 'IT Pro', 2, 'NO_ADMISSION_REVIEW');
    await panel.getByText(/as one batch/).waitFor();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByLabel('Kind of entity').selectOption('Program');
    await page.waitForURL(/entityType=Program/);
    const latest = page.getByRole('row', { name: /Migration: Not seeking partners → No admission review/ });
    await expect(latest.locator('dl').textContent()).resolves.toMatch(
      /^admissionStatusbefore: Not seeking partners → after: No admission review required/,
    );
    await expectAccessible(page);

    // Someone changes one of them: the batch can no longer be undone as a whole.
    await setProgramStatus(suite.certhub, 'migration', 'SEEKING_PARTNERS');
    await page.getByRole('button', { name: 'Undo this batch' }).first().click();
    await page
      .getByRole('status')
      .getByText(/cannot be undone as a whole: Migration \(now Seeking partners\)/)
      .waitFor();
    await page.getByLabel('Changed by').selectOption({ label: 'e2e-admin@example.com' });
    await page.waitForURL(/user=/);
    await page.reload();
    await page
      .getByRole('row', { name: /Migration: No admission review required: contact labs for testing → Seeking partners/ })
      .waitFor();
  });

  it('edits every field of a program, creates one, and closes it', async () => {
    const { page } = await openSignedIn(suite);
    await page.getByRole('link', { name: 'Gateway', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Gateway' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Partner capacity').fill('3');
    await page.getByLabel('Internal notes').fill('Two vendors in the pipe.');
    await page.getByLabel('Place in its category').fill('1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .getByText(/Saved: Gateway is at version \d+\./)
      .waitFor();
    await page.getByRole('link', { name: '← Programs' }).click();
    await expect
      .poll(
        async () =>
          (await page.locator('tbody').filter({ hasText: 'Infrastructure' }).locator('th[scope="row"]').allInnerTexts())[0],
      )
      .toBe('Gateway');

    await page.getByRole('link', { name: 'New program' }).click();
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('Enter a name.').waitFor();
    await page.getByLabel('Name').fill('Desk Phones Plus');
    await page.getByLabel('Category').selectOption({ label: 'Devices' });
    await page.getByLabel('Add a lab').selectOption({ label: 'AST' });
    await page.getByRole('button', { name: 'Add lab' }).click();
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByRole('heading', { level: 1, name: 'Desk Phones Plus' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/programs/desk-phones-plus');

    await page.getByLabel('Reason (for the audit log)').fill('Made by mistake');
    await page.getByRole('button', { name: 'Close program' }).click();
    await page.getByText('Closed: it is no longer on the public site.').waitFor();
    await page.getByRole('heading', { name: 'Reopen the program' }).waitFor();
  });

  it("sets and clears a program's admission contact, and refuses a bad address with the message on the field", async () => {
    const { page } = await openSignedIn(suite);
    await page.getByRole('link', { name: 'Gateway', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Gateway' }).waitFor();
    const contact = page.getByLabel('Admission contact');
    const described = () =>
      contact.evaluate((input) =>
        (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      );
    const saved = async () =>
      (
        await suite.certhub.asAdmin<{ program: { admissionContact: string | null } }>(
          'query { program(slug: "gateway") { admissionContact } }',
        )
      ).program.admissionContact;
    const before = await saved();

    await contact.fill('join the gateway program');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(described).toContain('Enter an email address, such as sbc-program@example.com.');
    await expect(contact.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(contact.evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await expectAccessible(page);
    expect(await saved()).toBe(before);

    await contact.fill(' gateway-program@example.com ');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .getByText(/Saved: Gateway is at version \d+\./)
      .waitFor();
    expect(await saved()).toBe('gateway-program@example.com');
    await expect(contact.inputValue()).resolves.toBe('gateway-program@example.com');
    await expect(contact.getAttribute('aria-invalid')).resolves.toBe('false');

    await contact.fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(saved).toBeNull();
    await page.reload();
    await expect(page.getByLabel('Admission contact').inputValue()).resolves.toBe('');
  });

  it('manages categories, labs and specs, and says what uses one that cannot be deleted', async () => {
    const { page } = await openSignedIn(suite, undefined, '/catalogue');
    const labs = page.getByRole('region', { name: 'Certification labs' });
    await labs.getByRole('button', { name: 'Delete AST' }).click();
    await labs.getByRole('button', { name: 'Delete it' }).click();
    await labs
      .getByRole('status')
      .getByText(/this lab: .*PCs.*Take it off their labs first\./)
      .waitFor();
    await labs.getByRole('button', { name: 'Keep it' }).click();

    await labs.getByText('Add a lab').click();
    const newLab = labs.getByRole('form', { name: 'New lab' });
    await newLab.getByLabel('Name').fill('Acme Test House');
    await newLab.getByLabel('Page for the program').fill('not an address');
    await newLab.getByRole('button', { name: 'Add lab' }).click();
    await newLab.getByText(/Enter an absolute http/).waitFor();
    await newLab.getByLabel('Page for the program').fill('https://acme.example.com/certhub');
    await newLab.getByRole('button', { name: 'Add lab' }).click();
    await labs.getByRole('status').getByText('Added Acme Test House.').waitFor();
    await labs.getByRole('row', { name: /Acme Test House/ }).waitFor();
    await labs.getByRole('button', { name: 'Delete Acme Test House' }).click();
    await labs.getByRole('button', { name: 'Delete it' }).click();
    await labs.getByRole('status').getByText('Deleted Acme Test House.').waitFor();

    const categories = page.getByRole('region', { name: 'Categories', exact: true });
    await categories.getByRole('button', { name: 'Down: Devices' }).click();
    await categories.getByRole('status').getByText('Moved Devices down.').waitFor();
    await expect
      .poll(() => categories.locator('tbody th').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Infrastructure', 'Devices']));
    expect((await categories.locator('tbody th').allInnerTexts()).slice(0, 2)).toEqual(['Infrastructure', 'Devices']);
    await categories.getByRole('button', { name: 'Edit Services' }).click();
    await categories.getByRole('form', { name: 'Edit Services' }).getByLabel('Name').fill('Online Services');
    await categories.getByRole('button', { name: 'Save' }).click();
    await categories.getByRole('status').getByText('Saved Online Services.').waitFor();
    await expectAccessible(page);

    const specs = page.getByRole('region', { name: 'Spec documents' });
    await expect(specs.locator('tbody tr').count()).resolves.toBeGreaterThan(3);
  });
});
