import { describe, expect, it } from 'vitest';
import { applyStatusToCategory, consoleSuite, expectAccessible, openSignedIn, programBySlug } from './console.js';

describe('scheduled changes in the admin console, in a browser', () => {
  const suite = consoleSuite();

  it('schedules a change on the program page, marks it in the list, asks about it on a manual change, and cancels it', async () => {
    const { page } = await openSignedIn(suite, undefined, '/programs/sbc');
    const panel = page.getByRole('region', { name: 'Scheduled changes' });
    await panel.getByText('Nothing is scheduled for this program.').waitFor();

    // The form states the time zone its moment is read in.
    const form = page.getByRole('form', { name: 'Schedule a change' });
    await form.getByLabel(/^Takes effect at \(your time zone: .+\)$/).fill('2027-03-01T09:00');
    await form.getByLabel('New status').selectOption('SEEKING_PARTNERS');
    await form.getByRole('button', { name: 'Schedule' }).click();
    // The reason is required, as the server requires it.
    await form.getByText('Say why, for the audit trail.').waitFor();
    await form.getByLabel('Reason for the scheduled change (for the audit log)').fill('Opening for the 2027 cycle');
    await form.getByLabel('Announce it on the public program page until then').check();
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form
      .getByRole('status')
      .getByText(/^Scheduled for 1 Mar 2027, 09:00/)
      .waitFor();
    await panel.getByText(/Seeking partners \(announced on the public site\)/).waitFor();
    await expectAccessible(page);

    // The list marks it.
    await page.getByRole('link', { name: '← Programs' }).click();
    const row = page.getByRole('row', { name: /SBC/ });
    await row.getByText('Scheduled', { exact: true }).waitFor();
    await row.getByText(/1 Mar 2027/).waitFor();

    // A manual change of the status asks what becomes of the scheduled one, in a dialog.
    await row.getByRole('button', { name: 'Change status of SBC' }).click();
    const editor = page.getByRole('form', { name: 'Change the status of SBC' });
    await editor.getByRole('radio', { name: /^No admission review/ }).check();
    await editor.getByRole('button', { name: 'Confirm change' }).click();
    const dialog = page.getByRole('dialog', { name: 'A change of this field is scheduled' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Keep the scheduled change' }).click();
    await page
      .getByRole('status')
      .getByText('SBC: Not seeking partners → No admission review required: contact labs for testing.')
      .waitFor();
    expect((await programBySlug(suite.certhub, 'sbc')).admissionStatus).toBe('NO_ADMISSION_REVIEW');
    await row.getByText('Scheduled', { exact: true }).waitFor();

    // Cancelled on the program page.
    await row.getByRole('link', { name: 'SBC' }).click();
    await panel.getByRole('button', { name: /^Cancel this change, scheduled for 1 Mar 2027/ }).click();
    await panel.getByText('Nothing is scheduled for this program.').waitFor();
  });

  /** Schedules a change of a program a day ahead, through the API. */
  const scheduleAhead = async (slug: string, change: Record<string, unknown>) => {
    const { id } = await programBySlug(suite.certhub, slug);
    await suite.certhub.asAdmin(
      'mutation ($input: ScheduleProgramChangeInput!) { scheduleProgramChange(input: $input) { id } }',
      {
        input: { programId: id, effectiveAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'Planned', ...change },
      },
    );
  };
  const pendingOn = async () => {
    const { scheduledChanges } = await suite.certhub.asAdmin<{
      scheduledChanges: { edges: Array<{ node: { program: { slug: string } } }> };
    }>('{ scheduledChanges(state: PENDING, first: 100) { edges { node { program { slug } } } } }');
    return scheduledChanges.edges.map((edge) => edge.node.program.slug);
  };

  it('asks in the same dialog, before a status batch and before its undo, what becomes of the changes scheduled on its programs', async () => {
    await scheduleAhead('contact-center', { admissionStatus: 'SEEKING_PARTNERS' });
    await scheduleAhead('attendant-console', { admissionStatus: 'SEEKING_PARTNERS' });
    const { page } = await openSignedIn(suite);
    const panel = await applyStatusToCategory(page, 'ISV', 3, 'NO_ADMISSION_REVIEW');
    const dialog = page.getByRole('dialog', { name: 'A change of this field is scheduled' });
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByRole('listitem').allInnerTexts())
      .toEqual([expect.stringMatching(/^Contact Center, .*Seeking partners/), expect.stringMatching(/^Attendant Console, /)]);
    await expectAccessible(page);

    // Going back changes nothing, for any program of the batch.
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await programBySlug(suite.certhub, 'call-recording-and-compliance')).admissionStatus).toBe('NOT_SEEKING_PARTNERS');

    await panel.getByRole('button', { name: 'Apply to 3 programs' }).click();
    await dialog.getByRole('button', { name: 'Keep the scheduled change' }).click();
    await panel.getByText(/^Changed 3 programs to No admission review.*, as one batch\.$/).waitFor();
    expect((await programBySlug(suite.certhub, 'contact-center')).admissionStatus).toBe('NO_ADMISSION_REVIEW');
    expect(await pendingOn()).toEqual(expect.arrayContaining(['contact-center', 'attendant-console']));

    // Undoing the batch is a status change too: the same question, and a cancel goes with the undo.
    await panel.getByRole('button', { name: 'Undo this change' }).click();
    await dialog.getByRole('button', { name: 'Cancel the scheduled change' }).click();
    await panel.getByText('Undone: 3 programs are back as they were.').waitFor();
    expect((await programBySlug(suite.certhub, 'contact-center')).admissionStatus).not.toBe('NO_ADMISSION_REVIEW');
    expect(await pendingOn()).not.toEqual(expect.arrayContaining(['contact-center']));
    expect(await pendingOn()).not.toEqual(expect.arrayContaining(['attendant-console']));
  });

  it('asks in the same dialog when the program form changes a field with a scheduled change, and sends the form again', async () => {
    await scheduleAhead('load-balancer', { changes: { partnerCapacity: 5 } });
    const { page } = await openSignedIn(suite, undefined, '/programs/load-balancer');
    const panel = page.getByRole('region', { name: 'Scheduled changes' });
    await panel.getByText(/partnerCapacity → 5/).waitFor();
    await page.getByLabel('Partner capacity').fill('7');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'A change of this field is scheduled' });
    await dialog.getByText(/partnerCapacity/).waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel the scheduled change' }).click();
    await page
      .getByRole('status')
      .getByText(/^Saved: Load Balancer is at version \d+\.$/)
      .waitFor();
    await panel.getByText('Nothing is scheduled for this program.').waitFor();
    expect(await pendingOn()).not.toContain('load-balancer');
    const { program } = await suite.certhub.asAdmin<{ program: { partnerCapacity: number | null } }>(
      '{ program(slug: "load-balancer") { partnerCapacity } }',
    );
    expect(program.partnerCapacity).toBe(7);
  });

  it('fits a phone, and says when the moment is not in the future', async () => {
    const { page } = await openSignedIn(suite, undefined, '/programs/gateway');
    await page.setViewportSize({ width: 375, height: 740 });
    const form = page.getByRole('form', { name: 'Schedule a change' });
    await form.getByLabel(/^Takes effect at/).fill('2020-01-01T09:00');
    await form.getByLabel('New status').selectOption('SEEKING_PARTNERS');
    await form.getByLabel('Reason for the scheduled change (for the audit log)').fill('Too late');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form.getByText('Choose a moment in the future.').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page);
  });
});
