import { ADMIN, type CertHubOptions, programBySlug, type RunningCertHub, setProgramStatus } from '@certhub/e2e-support/certhub';
import { browserSuite, expectAccessible, type Window } from '@certhub/e2e-support/suite';
import type { Page } from 'playwright-core';

export { ADMIN, expectAccessible, programBySlug, setProgramStatus };

/** The shared browser suite (e2e-support), with the console's addresses. */
export function consoleSuite(options: CertHubOptions = {}) {
  const suite = browserSuite(options);
  return Object.assign(suite, { url: (path: string) => `${suite.certhub.origin}/admin${path}` });
}

/** Signs in through the form, from wherever the console sent the page. */
export async function signIn(page: Page, { email, password }: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the console, signs in as this staff member, and waits for the programs list. */
export async function openSignedIn(
  suite: ReturnType<typeof consoleSuite>,
  credentials: { email: string; password: string } = ADMIN,
  path = '/',
): Promise<Window> {
  const window = await suite.open();
  await window.page.goto(suite.url(path));
  await signIn(window.page, credentials);
  if (path === '/') await window.page.locator('table.programs').waitFor();
  return window;
}

/**
 * Selects every open program of a category on the programs list, then previews and applies a
 * change of their status in the bulk panel; answers the panel.
 */
export async function applyStatusToCategory(page: Page, category: string, count: number, status: string) {
  await page.getByRole('checkbox', { name: `Select every program of ${category}` }).check();
  const panel = page.getByRole('region', { name: new RegExp(`Change the status of ${count} programs`) });
  await panel.getByLabel('New status').selectOption(status);
  await panel.getByRole('button', { name: 'Preview the change' }).click();
  await panel.getByRole('button', { name: `Apply to ${count} programs` }).click();
  return panel;
}

/** A staff account made by the admin through the API, with a password of its own (no change required). */
export async function createStaff(
  certhub: RunningCertHub,
  role: 'EDITOR' | 'ADMIN',
  email: string,
  password = 'a long staff passphrase for tests',
): Promise<{ id: string; email: string; password: string }> {
  const { createUser } = await certhub.asAdmin<{ createUser: { user: { id: string } } }>(
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
    { input: { email, displayName: email.split('@')[0], role, password } },
  );
  return { id: createUser.user.id, email, password };
}

/** A vendor applies to IP Phones through the public API, as the public site's form does (the program made to seek partners first). */
export async function applyAsVendor(certhub: RunningCertHub, companyName: string): Promise<string> {
  const program = await programBySlug(certhub, 'ip-phones');
  if (program.admissionStatus !== 'SEEKING_PARTNERS') {
    await certhub.asAdmin(`mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { version } }`, {
      input: { programId: program.id, expectedVersion: program.version, partnerCapacity: 1 },
    });
    const updated = await programBySlug(certhub, 'ip-phones');
    await certhub.asAdmin(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: updated.id, status: 'SEEKING_PARTNERS', expectedVersion: updated.version } },
    );
  }
  const response = await fetch(`${certhub.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ requirements { id } }' }),
  });
  const { data } = (await response.json()) as { data: { requirements: Array<{ id: string }> } };
  const submitted = await fetch(`${certhub.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { reference } }',
      variables: {
        input: {
          programId: program.id,
          companyName,
          companyWebsite: `https://${companyName.split(' ')[0]?.toLowerCase()}.example.com`,
          headquartersCountry: 'DE',
          contactName: 'Jane Doe',
          contactEmail: `jane@${companyName.split(' ')[0]?.toLowerCase()}.example.com`,
          productSummary: 'A desk phone for hybrid offices.',
          message: 'We would like to certify our phone.',
          attestedRequirementIds: data.requirements.map((requirement) => requirement.id),
        },
      },
    }),
  });
  const body = (await submitted.json()) as { data?: { submitApplication: { reference: string } }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.submitApplication.reference;
}
