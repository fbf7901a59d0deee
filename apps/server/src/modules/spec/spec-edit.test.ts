import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseIdOf, watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const SPEC_FIELDS = 'id title url version';

const CREATE = `mutation ($input: CreateSpecInput!) { createSpec(input: $input) { ${SPEC_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateSpecInput!) { updateSpec(input: $input) { ${SPEC_FIELDS} } }`;
const DELETE = `mutation ($input: DeleteSpecInput!) { deleteSpec(input: $input) }`;

interface Spec {
  id: string;
  title: string;
  url: string | null;
  version: number;
}

describe('spec edits', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const specsOf = async (programSlug: string) => {
    const { body } = await server.graphql<{ program: { specs: Spec[] } }>(
      `query ($slug: String!) { program(slug: $slug) { specs { ${SPEC_FIELDS} } } }`,
      { slug: programSlug },
    );
    if (!body.data?.program) throw new Error(JSON.stringify(body));
    return body.data.program.specs;
  };
  const specById = async (id: string) => {
    const { body } = await server.graphql<{ node: Spec | null }>(
      `query ($id: ID!) { node(id: $id) { ... on Spec { ${SPEC_FIELDS} } } }`,
      { id },
    );
    return body.data?.node ?? null;
  };
  const edit = async <T>(mutation: string, input: Record<string, unknown>) => {
    const { body } = await editor.graphql<T>(mutation, { input });
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const auditTrail = () => watchAuditTrail(server.db.dataSource);

  it('adds a spec document, with or without an address, and audits it', async () => {
    const trail = await auditTrail();
    const { createSpec: linked } = await edit<{ createSpec: Spec }>(CREATE, {
      title: ' Headset Test Plan ',
      url: 'https://specs.example/headsets.pdf',
    });
    expect(linked).toMatchObject({ title: 'Headset Test Plan', url: 'https://specs.example/headsets.pdf', version: 1 });
    const { createSpec: unlinked } = await edit<{ createSpec: Spec }>(CREATE, { title: 'Printed Test Plan', url: '' });
    expect(unlinked).toMatchObject({ title: 'Printed Test Plan', url: null });
    expect(await specById(linked.id)).toEqual(linked);
    expect(
      (await trail()).map(({ entityType, entityId, action, changes }) => ({ entityType, entityId, action, changes })),
    ).toEqual([
      {
        entityType: 'Spec',
        entityId: databaseIdOf(linked.id),
        action: 'spec-created',
        changes: {
          title: { from: null, to: 'Headset Test Plan' },
          url: { from: null, to: 'https://specs.example/headsets.pdf' },
        },
      },
      {
        entityType: 'Spec',
        entityId: databaseIdOf(unlinked.id),
        action: 'spec-created',
        changes: { title: { from: null, to: 'Printed Test Plan' } },
      },
    ]);
  });

  it('refuses bad input and the same document twice, naming the field, and writes nothing', async () => {
    const [sbc] = (await specsOf('sbc')) as [Spec];
    const trail = await auditTrail();
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [CREATE, { title: ' ' }, 'BAD_USER_INPUT', 'input.title'],
      [CREATE, { title: 'x'.repeat(501) }, 'BAD_USER_INPUT', 'input.title'],
      [CREATE, { title: 'Relative', url: 'test-spec.md' }, 'BAD_USER_INPUT', 'input.url'],
      [CREATE, { title: sbc.title, url: sbc.url }, 'CONFLICT', 'input.title'],
      [CREATE, { title: 'Printed Test Plan' }, 'CONFLICT', 'input.title'],
      [UPDATE, { specId: sbc.id, expectedVersion: sbc.version, url: 'data:text/html,x' }, 'BAD_USER_INPUT', 'input.url'],
      [UPDATE, { specId: sbc.id, expectedVersion: sbc.version, title: 'Gateway Specs (download)' }, 'CONFLICT', 'input.title'],
      [UPDATE, { specId: 'U3BlYzo5OTk', expectedVersion: 1, title: 'Nothing' }, 'NOT_FOUND', 'input.specId'],
      [DELETE, { specId: 'TGFiOjE', expectedVersion: 1 }, 'NOT_FOUND', 'input.specId'],
    ];
    for (const [mutation, input, code, field] of cases) {
      const { body } = await editor.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    const twice = await editor.graphql(CREATE, { input: { title: 'Printed Test Plan' } });
    expect(twice.body.errors?.[0]?.message).toBe(
      'The spec "Printed Test Plan" without an address exists already: link programs to it.',
    );
    expect(await specById(sbc.id)).toEqual(sbc);
    expect(await trail()).toEqual([]);
  });

  it('changes a spec everywhere programs list it, refuses a stale version, and audits the change', async () => {
    const [shared] = (await specsOf('pcs')) as [Spec];
    const trail = await auditTrail();
    const { updateSpec } = await edit<{ updateSpec: Spec }>(UPDATE, {
      specId: shared.id,
      expectedVersion: shared.version,
      url: 'https://learn.example/test-spec',
    });
    expect(updateSpec).toMatchObject({
      title: shared.title,
      url: 'https://learn.example/test-spec',
      version: shared.version + 1,
    });
    expect(await specsOf('usb-audio-and-video-devices')).toEqual([updateSpec]);

    const stale = await editor.graphql(UPDATE, { input: { specId: shared.id, expectedVersion: shared.version, title: 'Old' } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      current: { title: shared.title, url: 'https://learn.example/test-spec', version: shared.version + 1 },
    });
    expect((await trail()).map((event) => [event.action, event.changes])).toEqual([
      ['spec-updated', { url: { from: shared.url, to: 'https://learn.example/test-spec' } }],
    ]);
  });

  it('refuses to delete a spec programs list, naming them; deletes one no program lists', async () => {
    const [shared] = (await specsOf('pcs')) as [Spec];
    const trail = await auditTrail();
    const { body } = await editor.graphql(DELETE, { input: { specId: shared.id, expectedVersion: shared.version } });
    expect(body.errors?.[0]).toMatchObject({
      message: '2 programs use this spec: PCs, USB Audio and Video Devices. Take it off their specs first.',
      extensions: { code: 'CONFLICT', field: 'input.specId', inUseBy: ['PCs', 'USB Audio and Video Devices'] },
    });

    const { createSpec } = await edit<{ createSpec: Spec }>(CREATE, { title: 'Draft', url: 'https://specs.example/draft' });
    const { deleteSpec } = await edit<{ deleteSpec: string }>(DELETE, { specId: createSpec.id, expectedVersion: 1 });
    expect(deleteSpec).toBe(createSpec.id);
    expect(await specById(createSpec.id)).toBeNull();
    expect((await trail()).map((event) => [event.action, event.changes])).toEqual([
      ['spec-created', expect.anything()],
      ['spec-deleted', { title: { from: 'Draft', to: null }, url: { from: 'https://specs.example/draft', to: null } }],
    ]);
  });

  it('refuses anonymous callers', async () => {
    const [sbc] = (await specsOf('sbc')) as [Spec];
    const trail = await auditTrail();
    for (const [mutation, input] of [
      [CREATE, { title: 'Anonymous' }],
      [UPDATE, { specId: sbc.id, expectedVersion: sbc.version, title: 'Anonymous' }],
      [DELETE, { specId: sbc.id, expectedVersion: sbc.version }],
    ] as const) {
      const { body } = await server.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await specById(sbc.id)).toEqual(sbc);
    expect(await trail()).toEqual([]);
  });
});
