import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseIdOf, watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const LAB_FIELDS = 'id slug name url version';

const CREATE = `mutation ($input: CreateLabInput!) { createLab(input: $input) { ${LAB_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateLabInput!) { updateLab(input: $input) { ${LAB_FIELDS} } }`;
const DELETE = `mutation ($input: DeleteLabInput!) { deleteLab(input: $input) }`;

interface Lab {
  id: string;
  slug: string;
  name: string;
  url: string | null;
  version: number;
}

describe('lab edits', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const labs = async () => {
    const { body } = await server.graphql<{ labs: Lab[] }>(`{ labs { ${LAB_FIELDS} } }`);
    if (!body.data) throw new Error(JSON.stringify(body));
    return body.data.labs;
  };
  const lab = async (slug: string) => {
    const found = (await labs()).find((each) => each.slug === slug);
    if (!found) throw new Error(`no lab ${slug}`);
    return found;
  };
  const edit = async <T>(mutation: string, input: Record<string, unknown>) => {
    const { body } = await editor.graphql<T>(mutation, { input });
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const auditTrail = () => watchAuditTrail(server.db.dataSource);

  it('adds a lab with its address, listed at once, and audited', async () => {
    const trail = await auditTrail();
    const { createLab } = await edit<{ createLab: Lab }>(CREATE, {
      name: 'Zenith Test Labs',
      url: ' https://zenith.example/certification ',
    });
    expect(createLab).toMatchObject({
      name: 'Zenith Test Labs',
      slug: 'zenith-test-labs',
      url: 'https://zenith.example/certification',
      version: 1,
    });
    expect((await labs()).map((each) => each.name)).toEqual(['AST', 'PAL', 'Tekvizion', 'Wipro', 'Zenith Test Labs']);
    const events = await trail();
    expect(events.map(({ entityType, entityId, action, changes }) => ({ entityType, entityId, action, changes }))).toEqual([
      {
        entityType: 'Lab',
        entityId: databaseIdOf(createLab.id),
        action: 'lab-created',
        changes: {
          name: { from: null, to: 'Zenith Test Labs' },
          slug: { from: null, to: 'zenith-test-labs' },
          url: { from: null, to: 'https://zenith.example/certification' },
        },
      },
    ]);
  });

  it('refuses bad input with the field at fault, and writes nothing', async () => {
    const before = await labs();
    const pal = await lab('pal');
    const trail = await auditTrail();
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [CREATE, { name: '' }, 'BAD_USER_INPUT', 'input.name'],
      [CREATE, { name: 'New Lab', slug: 'new_lab' }, 'BAD_USER_INPUT', 'input.slug'],
      [CREATE, { name: 'New Lab', url: 'www.newlab.example' }, 'BAD_USER_INPUT', 'input.url'],
      [CREATE, { name: 'New Lab', url: '/labs/new' }, 'BAD_USER_INPUT', 'input.url'],
      [CREATE, { name: 'New Lab', url: 'ftp://newlab.example' }, 'BAD_USER_INPUT', 'input.url'],
      [CREATE, { name: 'Wipro' }, 'CONFLICT', 'input.slug'],
      [UPDATE, { labId: pal.id, expectedVersion: pal.version, url: 'javascript:alert(1)' }, 'BAD_USER_INPUT', 'input.url'],
      [UPDATE, { labId: pal.id, expectedVersion: pal.version, slug: 'ast' }, 'CONFLICT', 'input.slug'],
      [UPDATE, { labId: 'TGFiOjk5OQ', expectedVersion: 1, name: 'Nobody' }, 'NOT_FOUND', 'input.labId'],
      [DELETE, { labId: pal.id.replace(/./g, 'x'), expectedVersion: 1 }, 'NOT_FOUND', 'input.labId'],
    ];
    for (const [mutation, input, code, field] of cases) {
      const { body } = await editor.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    const taken = await editor.graphql(UPDATE, { input: { labId: pal.id, expectedVersion: pal.version, slug: 'ast' } });
    expect(taken.body.errors?.[0]?.message).toBe('The slug "ast" is already used by the lab "AST": choose another.');
    expect(await labs()).toEqual(before);
    expect(await trail()).toEqual([]);
  });

  it("changes a lab's address where programs show it, clears it with null, and audits each change", async () => {
    const ast = await lab('ast');
    const trail = await auditTrail();
    const { updateLab } = await edit<{ updateLab: Lab }>(UPDATE, {
      labId: ast.id,
      expectedVersion: ast.version,
      name: 'AST Labs',
      url: 'https://asttechlabs.example/',
    });
    expect(updateLab).toMatchObject({ name: 'AST Labs', slug: 'ast', url: 'https://asttechlabs.example/', version: 2 });
    const { body } = await server.graphql<{ program: { labs: Array<{ name: string; url: string | null }> } }>(
      `{ program(slug: "pcs") { labs { name url } } }`,
    );
    expect(body.data?.program.labs[0]).toEqual({ name: 'AST Labs', url: 'https://asttechlabs.example/' });

    const cleared = await edit<{ updateLab: Lab }>(UPDATE, { labId: ast.id, expectedVersion: 2, url: null });
    expect(cleared.updateLab).toMatchObject({ url: null, version: 3 });
    expect((await edit<{ updateLab: Lab }>(UPDATE, { labId: ast.id, expectedVersion: 3, url: '' })).updateLab.version).toBe(3);

    const events = await trail();
    expect(events.map((event) => [event.action, event.changes])).toEqual([
      [
        'lab-updated',
        {
          name: { from: 'AST', to: 'AST Labs' },
          url: { from: 'http://www.asttechlabs.com/', to: 'https://asttechlabs.example/' },
        },
      ],
      ['lab-updated', { url: { from: 'https://asttechlabs.example/', to: null } }],
    ]);
  });

  it('refuses a stale version with CONFLICT and the current state, and writes nothing', async () => {
    const pal = await lab('pal');
    await edit(UPDATE, { labId: pal.id, expectedVersion: pal.version, name: 'PAL Acoustics' });
    const trail = await auditTrail();
    const { body } = await editor.graphql(UPDATE, { input: { labId: pal.id, expectedVersion: pal.version, name: 'Pal' } });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      currentVersion: pal.version + 1,
      current: { name: 'PAL Acoustics', slug: 'pal', url: pal.url, version: pal.version + 1 },
    });
    expect((await lab('pal')).name).toBe('PAL Acoustics');
    expect(await trail()).toEqual([]);
  });

  it('refuses to delete a lab programs list, naming them; deletes one no program lists', async () => {
    const tekvizion = await lab('tekvizion');
    const trail = await auditTrail();
    const { body } = await editor.graphql(DELETE, { input: { labId: tekvizion.id, expectedVersion: tekvizion.version } });
    const users = [
      'Attendant Console',
      'Call Recording and Compliance',
      'Contact Center',
      'Gateway',
      'IP Phones',
      'Load Balancer',
      'Migration',
      'Reverse Proxy',
      'SBA',
      'SBC',
      'SIP Trunks',
    ];
    expect(body.errors?.[0]).toMatchObject({
      message: `11 programs use this lab: ${users.slice(0, 10).join(', ')} and 1 more. Take it off their labs first.`,
      extensions: { code: 'CONFLICT', field: 'input.labId', inUseBy: users },
    });
    expect(await lab('tekvizion')).toEqual(tekvizion);

    const { createLab } = await edit<{ createLab: Lab }>(CREATE, { name: 'Short-lived', url: 'http://short.example' });
    const stale = await editor.graphql(DELETE, { input: { labId: createLab.id, expectedVersion: 2 } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 1 });
    const { deleteLab } = await edit<{ deleteLab: string }>(DELETE, { labId: createLab.id, expectedVersion: 1 });
    expect(deleteLab).toBe(createLab.id);
    expect((await labs()).map((each) => each.slug)).not.toContain('short-lived');

    const events = await trail();
    expect(events.map((event) => [event.action, event.entityId, event.changes])).toEqual([
      ['lab-created', databaseIdOf(createLab.id), expect.anything()],
      [
        'lab-deleted',
        databaseIdOf(createLab.id),
        {
          name: { from: 'Short-lived', to: null },
          slug: { from: 'short-lived', to: null },
          url: { from: 'http://short.example', to: null },
        },
      ],
    ]);
  });

  it('refuses anonymous callers', async () => {
    const wipro = await lab('wipro');
    const trail = await auditTrail();
    for (const [mutation, input] of [
      [CREATE, { name: 'Anonymous' }],
      [UPDATE, { labId: wipro.id, expectedVersion: wipro.version, name: 'Anonymous' }],
      [DELETE, { labId: wipro.id, expectedVersion: wipro.version }],
    ] as const) {
      const { body } = await server.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await lab('wipro')).toEqual(wipro);
    expect(await trail()).toEqual([]);
  });
});
