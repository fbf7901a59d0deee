import { importProductPages, productPage } from '@certhub/e2e-support/product-pages';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAsVendor, consoleSuite, expectAccessible, openSignedIn } from './console.js';

const LISTING = `query ($slug: String!) { certifiedProduct(slug: $slug) { id version name status } }`;

describe('certified products in the admin console, in a browser', () => {
  const suite = consoleSuite();
  beforeAll(() => importProductPages(suite.certhub, ['certification__infra-sbc.md']));

  const listing = async (slug: string) =>
    (
      await suite.certhub.asAdmin<{ certifiedProduct: { id: string; version: number; name: string; status: string } | null }>(
        LISTING,
        { slug },
      )
    ).certifiedProduct;

  it("previews a new version of a program's page (added, withdrawn) before applying it", async () => {
    const page800 = '| |Mediant 800 E-SBC | | 7.00A.021.013 |\n';
    const original = productPage('certification__infra-sbc.md');
    expect(original).toContain(page800);
    const edited = original
      .replace(page800, '')
      .replace(
        '| | Mediant 9000 SBC | | 7.00A.044.007 |\n',
        '| | Mediant 9000 SBC | | 7.00A.044.007 |\n| | Mediant 9080 SBC | | 7.40A.100.001 |\n',
      );

    const { page } = await openSignedIn(suite, undefined, '/import/products');
    await page.getByRole('heading', { level: 1, name: "Import a program's product page" }).waitFor();
    await page.getByLabel('Or paste its text').fill(edited);
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    await page.getByRole('heading', { name: 'What would change in SBC' }).waitFor();
    await expect(page.getByRole('region', { name: 'Added (1)' }).getByRole('listitem').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^audiocodes mediant 9080 sbc$/i),
    ]);
    await expect(page.getByRole('region', { name: 'Withdrawn (1)' }).getByRole('listitem').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^audiocodes mediant 800 e-sbc$/i),
    ]);
    // A preview writes nothing.
    expect((await listing('audiocodes-mediant-800-e-sbc-sbc'))?.status).toBe('LISTED');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Apply 2 changes' }).click();
    await page.getByText(/Imported into SBC: 2 changes written as one batch/).waitFor();
    expect((await listing('audiocodes-mediant-800-e-sbc-sbc'))?.status).toBe('WITHDRAWN');
    expect((await listing('audiocodes-mediant-9080-sbc-sbc'))?.status).toBe('LISTED');
  });

  it("adds a listing with the program's columns, edits it, and withdraws it with a reason", async () => {
    const { page } = await openSignedIn(suite, undefined, '/products');
    await page.getByRole('link', { name: 'Add a listing' }).click();
    await page.getByRole('heading', { level: 1, name: 'New listing' }).waitFor();
    await page.getByLabel('Program').selectOption({ label: 'SBC' });
    await page.getByLabel('Vendor', { exact: true }).fill('Example Networks');
    await page.getByLabel('Product name').fill('EX-100 SBC');
    await page.getByLabel('ExUM Support').check();
    await page.getByLabel('Software Version').fill('1.0.4');
    await page.getByRole('button', { name: 'Add listing' }).click();
    await page.waitForURL(/\/admin\/products\/example-networks-ex-100-sbc-sbc$/);
    await page.getByRole('heading', { level: 1, name: 'Example Networks EX-100 SBC' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Software Version').fill('1.0.4\n2.0.0');
    await page
      .getByRole('form', { name: 'Edit the listing' })
      .getByLabel('Reason (for the audit log)')
      .fill('Second release tested');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: Example Networks EX-100 SBC is at version 2.').waitFor();

    const withdrawal = page.getByRole('region', { name: 'Withdraw the listing' });
    await withdrawal.getByLabel('Reason (for the audit log)').fill('Vendor ended support');
    await withdrawal.getByRole('button', { name: 'Withdraw listing' }).click();
    await page.getByText(/Withdrawn: the public site shows it as withdrawn/).waitFor();
    await page.getByRole('region', { name: 'List it again' }).waitFor();

    const added = await listing('example-networks-ex-100-sbc-sbc');
    expect(added?.status).toBe('WITHDRAWN');
    const { auditLog } = await suite.certhub.asAdmin<{ auditLog: { edges: Array<{ node: { reason: string | null } }> } }>(
      `query ($id: ID!) { auditLog(filter: { entityId: $id }, first: 10) { edges { node { reason } } } }`,
      { id: added?.id },
    );
    expect(auditLog.edges.map((edge) => edge.node.reason)).toEqual(
      expect.arrayContaining(['Second release tested', 'Vendor ended support']),
    );
  });

  it('moves a listing to another program and vendor, its address kept', async () => {
    const { page } = await openSignedIn(suite, undefined, '/products/ribbon-communications-sbc-5400-sbc');
    await page.getByRole('heading', { level: 1, name: 'Ribbon Communications SBC 5400' }).waitFor();
    const form = page.getByRole('form', { name: 'Edit the listing' });
    await form.getByLabel('Program').selectOption({ label: 'Gateway' });
    await form.getByLabel('Vendor', { exact: true }).fill('Sonus Networks');
    await form.getByLabel('Reason (for the audit log)').fill('Listed under the wrong program');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: Sonus Networks SBC 5400 is at version 2.').waitFor();
    const { certifiedProduct } = await suite.certhub.asAdmin<{
      certifiedProduct: { program: { slug: string }; vendor: { slug: string } };
    }>(`{ certifiedProduct(slug: "ribbon-communications-sbc-5400-sbc") { program { slug } vendor { slug } } }`);
    expect(certifiedProduct).toEqual({ program: { slug: 'gateway' }, vendor: { slug: 'sonus-networks' } });
  });

  it('says what someone else changed when an edit is stale, and saves over it only when asked', async () => {
    const { page } = await openSignedIn(suite, undefined, '/products/ribbon-communications-sbc-5110-sbc');
    await page.getByRole('heading', { level: 1, name: 'Ribbon Communications SBC 5110' }).waitFor();
    const before = await listing('ribbon-communications-sbc-5110-sbc');
    await suite.certhub.asAdmin(
      `mutation ($input: UpdateCertifiedProductInput!) { updateCertifiedProduct(input: $input) { version } }`,
      { input: { productId: before?.id, expectedVersion: before?.version, name: 'SBC 5110 (rev B)' } },
    );

    await page.getByLabel('Software Version').fill('05.01.00 R000f\n06.00.00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed this listing meanwhile' });
    await conflict.waitFor();
    await expect(conflict.getByRole('listitem').allInnerTexts()).resolves.toEqual(['Product name: SBC 5110 → SBC 5110 (rev B)']);
    expect((await listing('ribbon-communications-sbc-5110-sbc'))?.version).toBe((before?.version ?? 0) + 1);

    await conflict.getByRole('button', { name: 'Save mine over theirs' }).click();
    await page.getByText(/is at version/).waitFor();
    expect((await listing('ribbon-communications-sbc-5110-sbc'))?.version).toBe((before?.version ?? 0) + 2);
  });

  it("offers to list an onboarded vendor's product from its application", async () => {
    const reference = await applyAsVendor(suite.certhub, 'Northwind Voice');
    const { applications } = await suite.certhub.asAdmin<{
      applications: { edges: Array<{ node: { id: string; version: number } }> };
    }>(`query ($q: String!) { applications(filter: { search: $q }, first: 1) { edges { node { id version } } } }`, {
      q: reference,
    });
    const application = applications.edges[0]?.node;
    if (!application) throw new Error(`no application ${reference}`);
    let version = application.version;
    for (const status of ['IN_REVIEW', 'ACCEPTED', 'ONBOARDED']) {
      const { setApplicationStatus } = await suite.certhub.asAdmin<{ setApplicationStatus: { version: number } }>(
        `mutation ($input: SetApplicationStatusInput!) { setApplicationStatus(input: $input) { version } }`,
        { input: { applicationId: application.id, status, expectedVersion: version, message: 'Moving on.' } },
      );
      version = setApplicationStatus.version;
    }

    const { page } = await openSignedIn(suite, undefined, `/applications/${encodeURIComponent(application.id)}`);
    const panel = page.getByRole('region', { name: 'List the certified product' });
    await panel.waitFor();
    await panel.getByLabel('Product name').fill('NW-1 Desk Phone');
    await panel.getByRole('button', { name: 'Create the listing' }).click();
    await panel.getByRole('link', { name: 'Northwind Voice NW-1 Desk Phone' }).click();
    await page.getByRole('heading', { level: 1, name: 'Northwind Voice NW-1 Desk Phone' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/products\/northwind-voice-nw-1-desk-phone-ip-phones$/);
  });
});
