import { StaffRole } from '@certhub/domain/staff';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { applicationForm, applicationOf, moveTo, setProgram, submit } from '../../test/applications.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { SYSTEM_ACTOR } from '../user/bootstrap.js';
import { WebhookDeliveryEntity } from '../webhook/webhook.entities.js';
import { readSeedProductPages } from './directory-seed.js';
import { ProductImportService } from './product-import.service.js';

const LISTING = `id slug name status version listedSince withdrawnAt group
  vendor { name slug url } program { slug name }
  attributes { name kind value values } versions notes { marker text } statusHistory { from to }`;

const SEARCH = `query ($filter: CertifiedProductFilter, $first: Int, $after: String) {
  certifiedProducts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${LISTING} } }
  }
}`;

interface Listing {
  id: string;
  slug: string;
  name: string;
  status: string;
  version: number;
  vendor: { name: string; slug: string; url: string | null };
  program: { slug: string; name: string };
  attributes: Array<{ name: string; kind: string; value: string; values: string[] }>;
  versions: string[];
  notes: Array<{ marker: string; text: string }>;
  statusHistory: Array<{ from: string | null; to: string }>;
}
type Page = { certifiedProducts: { totalCount: number; edges: Array<{ node: Listing }>; pageInfo: { hasNextPage: boolean } } };

describe('the directory API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(
      async (db) => {
        await importSeed(db.dataSource);
        const importer = new ProductImportService(db.dataSource);
        for (const { file, source } of await readSeedProductPages()) {
          if (
            [
              'certification__infra-sbc.md',
              'certification__services-sip-trunking.md',
              'certification__infra-gateways.md',
            ].includes(file)
          )
            await importer.importPage(source, { pageName: file });
        }
      },
      { services: { session: DEFAULT_SESSION_POLICY, webhooks: { allowPrivateAddresses: true, timeoutMs: 1_000 } } },
    );
  }, 120_000);
  afterAll(() => server?.close());

  const search = async (filter: Record<string, unknown>, first = 50) => {
    const { body } = await server.graphql<Page>(SEARCH, { filter, first });
    expect(body.errors).toBeUndefined();
    return body.data?.certifiedProducts as Page['certifiedProducts'];
  };

  it('finds a product by part of its name, any case, accents ignored, across programs', async () => {
    const found = await search({ search: 'sbc 2000' });
    expect(new Set(found.edges.map(({ node }) => `${node.program.slug}: ${node.vendor.name} ${node.name}`))).toStrictEqual(
      new Set(['sbc: Ribbon Communications SBC 2000', 'gateway: Ribbon Communications SBC 2000']),
    );
    expect((await search({ search: 'TELEFÓNICA' })).edges.map(({ node }) => node.vendor.name)).toStrictEqual([
      'Telefonica Business Solutions',
    ]);
    expect((await search({ search: 'mediant virtual' })).totalCount).toBe(1);
    expect((await search({ search: 'ribbon', programSlug: 'gateway' })).totalCount).toBe(2);
    // Punctuation separates words, so LIKE's wildcards never reach the database.
    expect((await search({ search: 'qxq%_qxq' })).totalCount).toBe(0);
  });

  it('matches every word of a search across the vendor and the product together, in any order, case and accents ignored', async () => {
    const names = async (term: string) =>
      (await search({ search: term })).edges.map(({ node }) => `${node.program.slug}: ${node.vendor.name} ${node.name}`);
    // Ribbon's SBC 5xxx: the vendor is carried down from the row above on the page.
    expect(await names('ribbon sbc 5')).toStrictEqual([
      'sbc: Ribbon Communications SBC 5000',
      'sbc: Ribbon Communications SBC 5110',
      'sbc: Ribbon Communications SBC 5400',
    ]);
    expect(await names('SBC 5400 RIBBON')).toStrictEqual(['sbc: Ribbon Communications SBC 5400']);
    expect(await names('ribbon-communications sbc-5400')).toStrictEqual(['sbc: Ribbon Communications SBC 5400']);
    expect(await names('Ríbbon  Cómmunications   SBC 54')).toStrictEqual(['sbc: Ribbon Communications SBC 5400']);
    // Every word must match somewhere in the listing: a vendor's name and another vendor's product do not.
    expect(await names('ribbon mediant')).toStrictEqual([]);
  });

  it('answers every listing field, with typed attributes, versions, notes and history', async () => {
    const [swe] = (await search({ search: 'ribbon sbc swe', programSlug: 'sbc' })).edges;
    expect(swe?.node).toMatchObject({
      slug: 'ribbon-communications-sbc-swe-sbc',
      status: 'LISTED',
      vendor: { name: 'Ribbon Communications', slug: 'ribbon-communications' },
      program: { slug: 'sbc', name: 'SBC' },
      attributes: [
        { name: 'ExUM Support', kind: 'YES_NO', value: 'No / Yes', values: ['no', 'yes'] },
        { name: 'Software Version', kind: 'VERSIONS', value: '4.2.4 / 05.01.00-R000', values: ['4.2.4', '05.01.00-R000'] },
      ],
      versions: ['4.2.4', '05.01.00-R000'],
      notes: [],
      statusHistory: [{ from: null, to: 'LISTED' }],
    });
    const { body } = await server.graphql<{ certifiedProduct: Listing }>(
      `query ($slug: String!) { certifiedProduct(slug: $slug) { name notes { marker text } } }`,
      { slug: 'oracle-net-net-3820-sbc' },
    );
    expect(body.data?.certifiedProduct).toStrictEqual({
      name: 'Net-Net 3820',
      notes: [{ marker: '‡', text: expect.stringMatching(/^This device was pre-release tested/) }],
    });
  });

  it('pages with a constant number of statements, however many listings and programs', async () => {
    const statements = async (first: number) => {
      const response = await server.graphql(
        `query ($first: Int) {
          programs(first: 5) { edges { node { slug certifiedProductColumns { name kind } certifiedProducts(first: $first) { totalCount edges { node { name vendor { slug } statusHistory { to } } } } } } }
          certifiedProducts(first: $first) { totalCount edges { node { ${LISTING} } } }
          vendors(first: $first) { edges { node { name certifiedProducts(first: 3) { totalCount edges { node { name program { slug } } } } } } }
        }`,
        { first },
      );
      expect(response.body.errors).toBeUndefined();
      return Number(response.headers.get('x-sql-statements'));
    };
    expect(await statements(2)).toBe(await statements(30));
  });

  it("answers anonymous readers a program's listings (read model, compiled queries) as staff read them from the database", async () => {
    const staff = await server.signIn(StaffRole.EDITOR);
    const query = `query ($slug: String!) {
      program(slug: $slug) {
        slug certifiedProductColumns { name kind }
        certifiedProducts(first: 100) { totalCount edges { node { ${LISTING} } } }
      }
      categories { programs { slug certifiedProducts(first: 2, status: LISTED) { totalCount edges { node { name vendor { slug } } } } } }
    }`;
    // The read model of this revision is built once, by the first anonymous request.
    await server.graphql('{ categories { slug } }');
    const statements: number[] = [];
    for (const slug of ['sbc', 'gateway']) {
      // Anonymous: the program and categories come from the in-memory read model, the listings through the loaders.
      const anonymous = await server.graphql(query, { slug });
      const fromDatabase = await staff.graphql(query, { slug });
      expect(anonymous.body.errors).toBeUndefined();
      expect(JSON.stringify(anonymous.body.data)).toBe(JSON.stringify(fromDatabase.body.data));
      expect(JSON.stringify(anonymous.body.data)).toContain('"vendor":{"name":"Ribbon Communications"');
      statements.push(Number(anonymous.headers.get('x-sql-statements')));
    }
    // However many listings each program has: the same statements.
    expect(statements[0]).toBe(statements[1]);
  });

  it('lists a vendor with its products across programs', async () => {
    const { body } = await server.graphql<{
      vendor: { name: string; certifiedProducts: { totalCount: number; edges: Array<{ node: Listing }> } };
    }>(
      `{ vendor(slug: "ribbon-communications") { name certifiedProducts(first: 100) { totalCount edges { node { name program { slug } } } } } }`,
    );
    expect(body.data?.vendor.certifiedProducts.totalCount).toBe(10);
    expect(new Set(body.data?.vendor.certifiedProducts.edges.map(({ node }) => node.program.slug))).toStrictEqual(
      new Set(['sbc', 'gateway']),
    );
  });

  it('lets staff add, edit at a version, withdraw and list again, every change audited, followed by feeds and webhooks', async () => {
    const editor = await server.signIn(StaffRole.EDITOR);
    const { endpoint } = await server.services.webhooks.create(
      { name: 'Directory watcher', url: 'http://127.0.0.1:9/hook', events: ['PRODUCT_LISTED', 'PRODUCT_WITHDRAWN'] },
      SYSTEM_ACTOR,
    );
    const { body: program } = await server.graphql<{ program: { id: string } }>(`{ program(slug: "sbc") { id } }`);
    const created = await editor.graphql<{ createCertifiedProduct: Listing }>(
      `mutation ($input: CreateCertifiedProductInput!) { createCertifiedProduct(input: $input) { ${LISTING} } }`,
      {
        input: {
          programId: program.data?.program.id,
          vendorName: 'Ácme Networks',
          vendorUrl: 'https://acme.example/',
          name: 'Edge 100',
          attributes: [
            { name: 'Software Version', values: ['1.0', '1.1'] },
            { name: 'ExUM Support', values: ['yes'] },
          ],
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const listing = created.body.data?.createCertifiedProduct as Listing;
    expect(listing).toMatchObject({
      slug: 'acme-networks-edge-100-sbc',
      vendor: { name: 'Ácme Networks', url: 'https://acme.example/' },
      attributes: [
        { name: 'ExUM Support', kind: 'YES_NO', values: ['yes'] },
        { name: 'Software Version', kind: 'VERSIONS', values: ['1.0', '1.1'] },
      ],
    });
    expect((await search({ search: 'acme edge' })).totalCount).toBe(1);

    const again = await editor.graphql(
      `mutation ($input: CreateCertifiedProductInput!) { createCertifiedProduct(input: $input) { id } }`,
      {
        input: { programId: program.data?.program.id, vendorName: 'Acme Networks', name: 'Edge 100' },
      },
    );
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });

    const update = `mutation ($input: UpdateCertifiedProductInput!) { updateCertifiedProduct(input: $input) { version versions } }`;
    const updated = await editor.graphql<{ updateCertifiedProduct: { version: number; versions: string[] } }>(update, {
      input: { productId: listing.id, expectedVersion: 1, attributes: [{ name: 'Software Version', values: ['2.0'] }] },
    });
    expect(updated.body.data?.updateCertifiedProduct).toStrictEqual({ version: 2, versions: ['2.0'] });
    const stale = await editor.graphql(update, { input: { productId: listing.id, expectedVersion: 1, name: 'Edge 200' } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const badYesNo = await editor.graphql(update, {
      input: { productId: listing.id, expectedVersion: 2, attributes: [{ name: 'ExUM Support', values: ['maybe'] }] },
    });
    expect(badYesNo.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.attributes.0.values' });

    const setStatus = (name: string, expectedVersion: number) =>
      editor.graphql<Record<string, { status: string; withdrawnAt: string | null; version: number }>>(
        `mutation ($input: SetCertifiedProductStatusInput!) { ${name}(input: $input) { status withdrawnAt version } }`,
        { input: { productId: listing.id, expectedVersion, reason: 'Test' } },
      );
    const withdrawn = await setStatus('withdrawCertifiedProduct', 2);
    expect(withdrawn.body.data?.withdrawCertifiedProduct).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnAt: expect.any(String),
      version: 3,
    });
    expect((await setStatus('withdrawCertifiedProduct', 3)).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await setStatus('relistCertifiedProduct', 3)).body.data?.relistCertifiedProduct).toMatchObject({
      status: 'LISTED',
      withdrawnAt: null,
    });

    const { body: history } = await server.graphql<{
      certifiedProduct: { statusHistory: Array<{ from: string | null; to: string }> };
    }>(`{ certifiedProduct(slug: "acme-networks-edge-100-sbc") { statusHistory { from to } } }`);
    expect(history.data?.certifiedProduct.statusHistory).toStrictEqual([
      { from: null, to: 'LISTED' },
      { from: 'LISTED', to: 'WITHDRAWN' },
      { from: 'WITHDRAWN', to: 'LISTED' },
    ]);
    const actions = await server.db.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { entityType: 'CertifiedProduct', actor: editor.email }, order: { id: 'ASC' } });
    expect(actions.map(({ action }) => action)).toStrictEqual([
      'listing-added',
      'listing-changed',
      'listing-withdrawn',
      'listing-relisted',
    ]);
    const { body: feed } = await server.graphql<{ changes: { changes: Array<{ entityType: string; action: string }> } }>(
      `{ changes(first: 100) { changes { entityType action } } }`,
    );
    expect(feed.data?.changes.changes.filter(({ entityType }) => entityType === 'CertifiedProduct').length).toBeGreaterThan(0);
    const deliveries = await server.db.dataSource
      .getRepository(WebhookDeliveryEntity)
      .find({ where: { endpointId: endpoint.id }, order: { id: 'ASC' } });
    expect(deliveries.map(({ event }) => event)).toStrictEqual(['PRODUCT_LISTED', 'PRODUCT_WITHDRAWN', 'PRODUCT_LISTED']);
    expect(JSON.parse(deliveries[1]?.payload ?? '{}').data).toMatchObject({
      product: { name: 'Edge 100' },
      vendor: { slug: 'acme-networks' },
      program: { slug: 'sbc' },
      from: 'LISTED',
      to: 'WITHDRAWN',
    });
    const atom = await (await fetch(`${server.url}/feeds/programs/sbc/listings.atom`)).text();
    expect(atom).toContain('<title type="html"><![CDATA[Ácme Networks Edge 100: Listed again]]></title>');
    expect(atom).toContain('/products/acme-networks-edge-100-sbc');
    expect((await fetch(`${server.url}/feeds/programs/no-such-program/listings.atom`)).status).toBe(404);
  });

  it('lists the product of an application only once it is ONBOARDED', async () => {
    const editor = await server.signIn(StaffRole.EDITOR);
    const programId = await setProgram(server.db.dataSource, 'sbc', { admissionStatus: 'SEEKING_PARTNERS' });
    const { reference } = await submit(server.client(), applicationForm(programId, { companyName: 'Zeta Voice GmbH' }));
    const create = `mutation ($input: CreateCertifiedProductFromApplicationInput!) {
      createCertifiedProductFromApplication(input: $input) { slug vendor { name url } program { slug } status }
    }`;
    const input = { applicationId: (await applicationOf(editor, reference)).id, name: 'Zeta Edge' };
    const early = await editor.graphql(create, { input });
    expect(early.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.applicationId',
      status: 'SUBMITTED',
    });
    for (const status of ['IN_REVIEW', 'ACCEPTED', 'ONBOARDED']) await moveTo(editor, reference, status);
    const listed = await editor.graphql(create, { input });
    expect(listed.body.data?.createCertifiedProductFromApplication).toStrictEqual({
      slug: 'zeta-voice-gmbh-zeta-edge-sbc',
      vendor: { name: 'Zeta Voice GmbH', url: 'https://www.acme.example' },
      program: { slug: 'sbc' },
      status: 'LISTED',
    });
  });

  it('previews an import without writing, then applies it', async () => {
    const admin = await server.signIn(StaffRole.ADMIN);
    const sbc = (await readSeedProductPages()).find(({ file }) => file === 'certification__infra-sbc.md')?.source ?? '';
    const edited = sbc.replace('| | SBC 5000 | | 4.2.4F003 |\n', '');
    const mutation = `mutation ($markdown: String!, $dryRun: Boolean!) {
      importCertifiedProductsPage(markdown: $markdown, dryRun: $dryRun) {
        dryRun batchId pagePath program { slug } added { name } changed { name changes } withdrawn { vendorName name } relisted { name } unchangedCount
      }
    }`;
    type Result = {
      importCertifiedProductsPage: {
        batchId: string | null;
        withdrawn: Array<{ vendorName: string; name: string }>;
        unchangedCount: number;
      };
    };
    const preview = await admin.graphql<Result>(mutation, { markdown: edited, dryRun: true });
    expect(preview.body.data?.importCertifiedProductsPage).toMatchObject({
      batchId: null,
      withdrawn: [{ vendorName: 'Ribbon Communications', name: 'SBC 5000' }],
    });
    expect((await search({ search: 'sbc 5000' })).edges[0]?.node.status).toBe('LISTED');
    const applied = await admin.graphql<Result>(mutation, { markdown: edited, dryRun: false });
    expect(applied.body.data?.importCertifiedProductsPage.batchId).toEqual(expect.any(String));
    expect((await search({ search: 'sbc 5000' })).edges[0]?.node.status).toBe('WITHDRAWN');
    const broken = await admin.graphql<Result>(mutation, {
      markdown: edited.replace('| | SBC 7000 |', '| | SBC 7000 &sect; |'),
      dryRun: true,
    });
    expect(broken.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'markdown',
      table: 1,
      cell: 'Product',
    });
  });

  it('exports any view as CSV and JSON', async () => {
    const json = await fetch(`${server.url}/export/certified-products.json?program=sbc&q=mediant`);
    expect(json.status).toBe(200);
    const { listings } = (await json.json()) as { listings: Array<{ name: string; program: { slug: string } }> };
    expect(listings.map(({ name }) => name)).toContain('Mediant 500 E-SBC');
    expect(listings.every(({ program }) => program.slug === 'sbc')).toBe(true);
    const csv = await (await fetch(`${server.url}/export/certified-products.csv?vendor=nuera`)).text();
    expect(csv.split('\n')[0]).toBe(
      'Program,Vendor,Product,Status,Listed since,Withdrawn,Attributes,Versions,Notes,Vendor website,Slug',
    );
    expect(csv).toMatch(/^SBC,Nuera,GX 500 E-SBC,LISTED,/m);
    expect((await fetch(`${server.url}/export/certified-products.csv?status=GONE`)).status).toBe(400);
  });

  it('publishes the directory signed: it verifies with the published key and fails when one byte changes', async () => {
    const jws = await (await fetch(`${server.url}/export/directory.jws`)).text();
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as Parameters<typeof createLocalJWKSet>[0];
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const keySet = createLocalJWKSet(jwks);
    const { payload, protectedHeader } = await compactVerify(jws, keySet);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]?.kid });
    const document = JSON.parse(new TextDecoder().decode(payload)) as { listings: Array<{ slug: string }> };
    expect(document.listings.map(({ slug }) => slug)).toContain('nuera-gx-500-e-sbc-sbc');
    const [header, body, signature] = jws.split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[10] = (bytes[10] as number) ^ 1;
    await expect(compactVerify(`${header}.${bytes.toString('base64url')}.${signature}`, keySet)).rejects.toThrow(
      /signature verification failed/,
    );
    // The same document until the directory changes.
    expect(await (await fetch(`${server.url}/export/directory.jws`)).text()).toBe(jws);
  });

  it('lets staff move a listing to another program and vendor, at its version, audited, its address kept', async () => {
    const editor = await server.signIn(StaffRole.EDITOR);
    const ids = await server.graphql<{ sbc: { id: string }; gateway: { id: string } }>(
      `{ sbc: program(slug: "sbc") { id } gateway: program(slug: "gateway") { id } }`,
    );
    const { sbc, gateway } = ids.body.data as { sbc: { id: string }; gateway: { id: string } };
    const create = (vendorName: string) =>
      editor.graphql<{ createCertifiedProduct: Listing }>(
        `mutation ($input: CreateCertifiedProductInput!) { createCertifiedProduct(input: $input) { ${LISTING} } }`,
        { input: { programId: sbc.id, vendorName, name: 'Zenith Edge 7' } },
      );
    const listing = (await create('Zenith Telecom')).body.data?.createCertifiedProduct as Listing;
    const move = (input: Record<string, unknown>, client: Pick<TestClient, 'graphql'> = editor) =>
      client.graphql<{ updateCertifiedProduct: Listing }>(
        `mutation ($input: UpdateCertifiedProductInput!) { updateCertifiedProduct(input: $input) { ${LISTING} } }`,
        { input: { productId: listing.id, ...input } },
      );

    expect((await move({ expectedVersion: 1, programId: gateway.id }, server)).body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const moved = await move({
      expectedVersion: 1,
      programId: gateway.id,
      vendorName: 'Zénith Networks',
      reason: 'Wrong program',
    });
    expect(moved.body.errors).toBeUndefined();
    expect(moved.body.data?.updateCertifiedProduct).toMatchObject({
      slug: listing.slug,
      version: 2,
      program: { slug: 'gateway' },
      vendor: { name: 'Zénith Networks', slug: 'zenith-networks' },
    });
    expect((await search({ search: 'zenith networks edge', programSlug: 'gateway' })).totalCount).toBe(1);
    expect((await search({ search: 'zenith telecom' })).totalCount).toBe(0);
    const stale = await move({ expectedVersion: 1, programId: sbc.id });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const unknownProgram = await move({ expectedVersion: 2, programId: listing.id });
    expect(unknownProgram.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.programId' });

    // The same product of the same vendor listed in the program already: a move there is a conflict, nothing changes.
    await create('Zenith Networks');
    const clash = await move({ expectedVersion: 2, programId: sbc.id });
    expect(clash.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.programId' });

    const event = await server.db.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ entityType: 'CertifiedProduct', action: 'listing-changed', actor: editor.email });
    expect(event.reason).toBe('Wrong program');
    expect(event.changes).toStrictEqual({
      program: { from: 'sbc', to: 'gateway' },
      vendor: { from: 'zenith-telecom', to: 'zenith-networks' },
    });
  });
});
