import { programBySlug } from '@certhub/e2e-support/certhub';
import { browserSuite, expectAccessible } from '@certhub/e2e-support/suite';
import { describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

const SCHEDULE = `mutation ($input: ScheduleProgramChangeInput!) { scheduleProgramChange(input: $input) { id version } }`;
const CANCEL = `mutation ($input: CancelScheduledChangeInput!) { cancelScheduledChange(input: $input) { id } }`;

describe('a scheduled change announced on the public program page', () => {
  const suite = browserSuite();

  const schedule = async (slug: string, announce: boolean) => {
    const program = await programBySlug(suite.certhub, slug);
    const { scheduleProgramChange } = await suite.certhub.asAdmin<{ scheduleProgramChange: { id: string; version: number } }>(
      SCHEDULE,
      {
        input: {
          programId: program.id,
          effectiveAt: '2027-03-01T08:00:00Z',
          admissionStatus: 'SEEKING_PARTNERS',
          reason: 'Opening for the 2027 cycle',
          announce,
        },
      },
    );
    return scheduleProgramChange;
  };

  it('says when the program opens, in English and in German, once staff announce it; not before, not after a cancel', async () => {
    const { page } = await suite.open({ locale: 'en-US' });
    const { certhub } = suite;
    await schedule('gateway', false);
    await openPage(page, `${certhub.origin}/programs/gateway`);
    await page.getByRole('heading', { level: 1, name: 'Gateway' }).waitFor();
    await expect(page.getByText(/Opens to partners/).count()).resolves.toBe(0);

    const announced = await schedule('sbc', true);
    await openPage(page, `${certhub.origin}/programs/sbc`);
    await page.getByText('Opens to partners on March 1, 2027').waitFor();
    await expectAccessible(page);
    await openPage(page, `${certhub.origin}/de/programs/sbc`);
    await page.getByText('Offen für Partner ab dem 1. März 2027').waitFor();

    // Cancelled: the public page (and its cached copy) turns over with the catalogue revision.
    await certhub.asAdmin(CANCEL, { input: { scheduledChangeId: announced.id, expectedVersion: announced.version } });
    await openPage(page, `${certhub.origin}/programs/sbc`);
    await page.getByRole('heading', { level: 1, name: 'SBC' }).waitFor();
    await expect(page.getByText(/Opens to partners/).count()).resolves.toBe(0);
  });
});
