import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPage } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CatalogImportService } from '../catalog-import/catalog-import.service.js';

/** The seed page with a contact address beside one program's status. */
function withContact(programName: string, contact: string): string {
  const row = new RegExp(`(<td>${programName}</td>\\s*<td[^>]*>)([^<]*)(</td>)`);
  if (!row.test(seedPage)) throw new Error(`no row for ${programName}`);
  return seedPage.replace(row, `$1$2 <a href="mailto:${contact}">${contact}</a>$3`);
}

const PUBLIC = `query ($slug: String!) { program(slug: $slug) { id version admissionStatus admissionContact } }`;
const UPDATE = `mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { id version admissionContact } }`;

describe("a program's admission contact", () => {
  let server: TestServer;
  let editor: TestClient;
  let importer: CatalogImportService;
  beforeAll(async () => {
    server = await startTestServer();
    importer = new CatalogImportService(server.db.dataSource);
    await importer.importPage(seedPage);
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const program = async (slug: string) => {
    const { body } = await server.graphql<{
      program: { id: string; version: number; admissionStatus: string; admissionContact: string | null };
    }>(PUBLIC, { slug });
    if (!body.data?.program) throw new Error(JSON.stringify(body));
    return body.data.program;
  };

  it('is imported from a mailto link beside the status, keeping the status, and shown to the public', async () => {
    const before = await program('sbc');
    const result = await importer.importPage(withContact('SBC', 'sbc-program@contoso.com'));
    expect(result.changes.map((change) => change.kind)).toEqual(['admission-contact-changed']);
    const after = await program('sbc');
    expect(after).toMatchObject({ admissionStatus: before.admissionStatus, admissionContact: 'sbc-program@contoso.com' });
    const event = await server.db.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ action: 'admission-contact-changed' });
    expect(event.changes).toEqual({ admissionContact: { from: null, to: 'sbc-program@contoso.com' } });
  });

  it('stays when a later page gives none', async () => {
    const again = await importer.importPage(seedPage);
    expect(again.changes).toEqual([]);
    expect((await program('sbc')).admissionContact).toBe('sbc-program@contoso.com');
  });

  it('is set, refused when no address, and cleared by staff with the version they saw', async () => {
    const { id, version } = await program('ip-phones');
    const set = await editor.graphql(UPDATE, {
      input: { programId: id, expectedVersion: version, admissionContact: ' phones@contoso.com ' },
    });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data).toMatchObject({ updateProgram: { admissionContact: 'phones@contoso.com', version: version + 1 } });

    const bad = await editor.graphql(UPDATE, {
      input: { programId: id, expectedVersion: version + 1, admissionContact: 'phones at contoso' },
    });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.admissionContact' });
    const stale = await editor.graphql(UPDATE, { input: { programId: id, expectedVersion: version, admissionContact: null } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect((await program('ip-phones')).admissionContact).toBe('phones@contoso.com');

    const cleared = await editor.graphql(UPDATE, {
      input: { programId: id, expectedVersion: version + 1, admissionContact: '' },
    });
    expect(cleared.body.errors).toBeUndefined();
    expect((await program('ip-phones')).admissionContact).toBeNull();
  });

  it('cannot be changed anonymously', async () => {
    const { id, version } = await program('ip-phones');
    const { body } = await server.graphql(UPDATE, {
      input: { programId: id, expectedVersion: version, admissionContact: 'x@contoso.com' },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await program('ip-phones')).admissionContact).toBeNull();
  });
});
