import { accessibilityViolations, launchBrowser, watchConsole } from '@certhub/e2e-support/browser';
import { ADMIN, type CertHubOptions, type RunningCertHub, startCertHub } from '@certhub/e2e-support/certhub';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export { ADMIN };

/** A browser window of its own (cookies included), its console watched for errors. */
export interface Window {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * One server and one browser for a test file; `open()` gives a fresh window (a new browser
 * context, so its own session), closed after the test, which fails on any console error.
 */
export function consoleSuite(options: CertHubOptions = {}) {
  const state = {} as { certhub: RunningCertHub; browser: Browser };
  const opened: Window[] = [];
  beforeAll(async () => {
    [state.certhub, state.browser] = await Promise.all([startCertHub(options), launchBrowser()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.certhub?.stop();
  });
  afterEach(async () => {
    const windows = opened.splice(0);
    for (const window of windows) await window.context.close();
    expect(windows.flatMap((window) => window.problems)).toEqual([]);
  });

  return {
    get certhub() {
      return state.certhub;
    },
    url: (path: string) => `${state.certhub.origin}/admin${path}`,
    async open(viewport = { width: 1280, height: 900 }): Promise<Window> {
      const context = await state.browser.newContext({ viewport });
      const page = await context.newPage();
      const window = { context, page, problems: watchConsole(page) };
      opened.push(window);
      return window;
    },
  };
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

/** Fails with the serious and critical axe-core violations of the page as it is. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
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

export async function programBySlug(certhub: RunningCertHub, slug: string) {
  const { program } = await certhub.asAdmin<{ program: { id: string; version: number; admissionStatus: string } }>(
    `query ($slug: String!) { program(slug: $slug) { id version admissionStatus } }`,
    { slug },
  );
  return program;
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
