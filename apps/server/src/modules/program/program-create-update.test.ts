import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseIdOf, watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const STAFF_FIELDS = `
  id slug name position version admissionStatus specAvailability labAvailability partnerCapacity internalNotes
  category { id slug } specs { id title } labs { id name } statusHistory { from to }
`;

const CREATE = `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { ${STAFF_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { ${STAFF_FIELDS} } }`;
const REORDER = `mutation ($input: ReorderProgramsInput!) { reorderPrograms(input: $input) { id name position version } }`;

const ALL_STATUSES = ['SEEKING_PARTNERS', 'NOT_SEEKING_PARTNERS', 'NO_ADMISSION_REVIEW', 'CLOSED'];

interface Program {
  id: string;
  slug: string;
  name: string;
  position: number;
  version: number;
  admissionStatus: string;
  specAvailability: string | null;
  labAvailability: string | null;
  partnerCapacity: number | null;
  internalNotes: string | null;
  category: { id: string; slug: string };
  specs: Array<{ id: string; title: string }>;
  labs: Array<{ id: string; name: string }>;
  statusHistory: Array<{ from: string | null; to: string }>;
}

describe('program create, update and order', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  /** A program as staff see it. */
  const program = async (slug: string) => {
    const { body } = await editor.graphql<{ program: Program | null }>(
      `query ($slug: String!) { program(slug: $slug) { ${STAFF_FIELDS} } }`,
      { slug },
    );
    if (!body.data?.program) throw new Error(`no program ${slug}: ${JSON.stringify(body)}`);
    return body.data.program;
  };
  /** A category's programs in order, closed ones too, as staff list them. */
  const programsIn = async (categorySlug: string) => {
    const { body } = await editor.graphql<{ programs: { edges: Array<{ node: Program }> } }>(
      `query ($filter: ProgramFilter) { programs(filter: $filter, first: 100) { edges { node { ${STAFF_FIELDS} } } } }`,
      { filter: { categorySlug, admissionStatus: ALL_STATUSES } },
    );
    if (!body.data) throw new Error(JSON.stringify(body));
    return body.data.programs.edges.map((edge) => edge.node);
  };
  /** The catalogue a visitor sees: category slug → program names. */
  const publicCatalog = async () => {
    const { body } = await server.graphql<{ categories: Array<{ slug: string; programs: Array<{ name: string }> }> }>(
      '{ categories { slug programs { name } } }',
    );
    return Object.fromEntries(body.data?.categories.map((each) => [each.slug, each.programs.map((p) => p.name)]) ?? []);
  };
  const categoryId = async (slug: string) => (await programsIn(slug))[0]?.category.id as string;
  const specOf = async (slug: string) => (await program(slug)).specs[0]?.id as string;
  const labIds = async (slug: string) => (await program(slug)).labs.map((lab) => lab.id);
  const edit = async <T>(mutation: string, input: Record<string, unknown>) => {
    const { body } = await editor.graphql<T>(mutation, { input });
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const expectDense = async (categorySlug: string) => {
    const positions = (await programsIn(categorySlug)).map((each) => each.position);
    expect(positions).toEqual(positions.map((_, index) => index));
  };
  const auditTrail = () => watchAuditTrail(server.db.dataSource);

  it('adds a program last in its category, in the catalogue at once, with its first status and an audit event', async () => {
    const devices = await categoryId('devices');
    const spec = await specOf('pcs');
    const [tekvizion, wipro] = await labIds('ip-phones');
    const trail = await auditTrail();
    const { createProgram } = await edit<{ createProgram: Program }>(CREATE, {
      name: 'Headsets & Speakerphones',
      categoryId: devices,
      admissionStatus: 'SEEKING_PARTNERS',
      specIds: [spec],
      labIds: [wipro, tekvizion],
      partnerCapacity: 12,
      internalNotes: '  Ask the audio team first. ',
    });
    expect(createProgram).toMatchObject({
      slug: 'headsets-and-speakerphones',
      name: 'Headsets & Speakerphones',
      position: 4,
      version: 1,
      admissionStatus: 'SEEKING_PARTNERS',
      specAvailability: null,
      labAvailability: null,
      partnerCapacity: 12,
      internalNotes: 'Ask the audio team first.',
      category: { slug: 'devices' },
      specs: [{ id: spec }],
      labs: [
        { id: wipro, name: 'Wipro' },
        { id: tekvizion, name: 'Tekvizion' },
      ],
      statusHistory: [{ from: null, to: 'SEEKING_PARTNERS' }],
    });
    expect(await program('headsets-and-speakerphones')).toEqual(createProgram);
    expect((await publicCatalog()).devices?.at(-1)).toBe('Headsets & Speakerphones');
    const seeking = await server.graphql<{ programs: { edges: Array<{ node: { name: string } }> } }>(
      '{ programs(filter: { admissionStatus: SEEKING_PARTNERS }) { edges { node { name } } } }',
    );
    expect(seeking.body.data?.programs.edges.map((edge) => edge.node.name)).toEqual(['Headsets & Speakerphones']);

    const events = await trail();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: expect.stringMatching(/^editor\d+@example\.com$/),
      entityType: 'Program',
      entityId: databaseIdOf(createProgram.id),
      action: 'program-created',
      changes: {
        name: { from: null, to: 'Headsets & Speakerphones' },
        slug: { from: null, to: 'headsets-and-speakerphones' },
        category: { from: null, to: 'Devices' },
        position: { from: null, to: 4 },
        admissionStatus: { from: null, to: 'SEEKING_PARTNERS' },
        specs: { from: null, to: [{ title: createProgram.specs[0]?.title, url: expect.stringMatching(/^https:/) }] },
        labs: { from: null, to: [expect.objectContaining({ name: 'Wipro' }), expect.objectContaining({ name: 'Tekvizion' })] },
        partnerCapacity: { from: null, to: 12 },
        internalNotes: { from: null, to: 'Ask the audio team first.' },
      },
    });
    expect(Object.keys(events[0]?.changes ?? {})).not.toContain('specAvailability');
  });

  it('shows capacity and notes to staff only: anonymous readers get UNAUTHENTICATED on those fields alone', async () => {
    const { body } = await server.graphql<{ program: Record<string, unknown> }>(
      '{ program(slug: "headsets-and-speakerphones") { name partnerCapacity internalNotes } }',
    );
    expect(body.data?.program).toEqual({ name: 'Headsets & Speakerphones', partnerCapacity: null, internalNotes: null });
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['program', 'partnerCapacity'], 'UNAUTHENTICATED'],
      [['program', 'internalNotes'], 'UNAUTHENTICATED'],
    ]);
    expect((await program('headsets-and-speakerphones')).partnerCapacity).toBe(12);
  });

  it('refuses bad input with the field at fault, and writes nothing', async () => {
    const devices = await categoryId('devices');
    const spec = await specOf('pcs');
    const [lab] = await labIds('pcs');
    const sbc = await program('sbc');
    const valid = { name: 'Desk Phones', categoryId: devices, admissionStatus: 'NOT_SEEKING_PARTNERS' };
    const update = { programId: sbc.id, expectedVersion: sbc.version };
    const before = await programsIn('devices');
    const trail = await auditTrail();
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [CREATE, { ...valid, name: '' }, 'BAD_USER_INPUT', 'input.name'],
      [CREATE, { ...valid, name: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
      [CREATE, { ...valid, slug: 'Desk Phones' }, 'BAD_USER_INPUT', 'input.slug'],
      [CREATE, { ...valid, name: 'PCs' }, 'CONFLICT', 'input.slug'],
      [CREATE, { ...valid, slug: 'sbc' }, 'CONFLICT', 'input.slug'],
      [CREATE, { ...valid, admissionStatus: 'CLOSED' }, 'BAD_USER_INPUT', 'input.admissionStatus'],
      [CREATE, { ...valid, specIds: [spec], specAvailability: 'ON_ADMISSION' }, 'BAD_USER_INPUT', 'input.specAvailability'],
      [CREATE, { ...valid, labIds: [lab], labAvailability: 'COMING_SOON' }, 'BAD_USER_INPUT', 'input.labAvailability'],
      [CREATE, { ...valid, partnerCapacity: -1 }, 'BAD_USER_INPUT', 'input.partnerCapacity'],
      [CREATE, { ...valid, internalNotes: 'x'.repeat(5001) }, 'BAD_USER_INPUT', 'input.internalNotes'],
      [CREATE, { ...valid, categoryId: 'Q2F0ZWdvcnk6OTk5' }, 'NOT_FOUND', 'input.categoryId'],
      [CREATE, { ...valid, categoryId: sbc.id }, 'NOT_FOUND', 'input.categoryId'],
      [CREATE, { ...valid, specIds: [spec, 'U3BlYzo5OTk'] }, 'NOT_FOUND', 'input.specIds'],
      [CREATE, { ...valid, specIds: [spec, spec] }, 'BAD_USER_INPUT', 'input.specIds'],
      [CREATE, { ...valid, labIds: ['TGFiOjk5OQ'] }, 'NOT_FOUND', 'input.labIds'],
      [UPDATE, { ...update, name: ' ' }, 'BAD_USER_INPUT', 'input.name'],
      [UPDATE, { ...update, slug: 'gateway' }, 'CONFLICT', 'input.slug'],
      [UPDATE, { ...update, slug: '-sbc' }, 'BAD_USER_INPUT', 'input.slug'],
      [UPDATE, { ...update, specAvailability: 'ON_ADMISSION' }, 'BAD_USER_INPUT', 'input.specAvailability'],
      [UPDATE, { ...update, labIds: [lab], labAvailability: 'NOT_APPLICABLE' }, 'BAD_USER_INPUT', 'input.labAvailability'],
      [UPDATE, { ...update, partnerCapacity: -5 }, 'BAD_USER_INPUT', 'input.partnerCapacity'],
      [UPDATE, { ...update, internalNotes: 'x'.repeat(5001) }, 'BAD_USER_INPUT', 'input.internalNotes'],
      [UPDATE, { ...update, position: 5 }, 'BAD_USER_INPUT', 'input.position'],
      [UPDATE, { ...update, position: -1 }, 'BAD_USER_INPUT', 'input.position'],
      [UPDATE, { ...update, categoryId: 'Q2F0ZWdvcnk6OTk5' }, 'NOT_FOUND', 'input.categoryId'],
      [UPDATE, { ...update, labIds: [lab, 'U3BlYzox'] }, 'NOT_FOUND', 'input.labIds'],
      [UPDATE, { ...update, programId: 'UHJvZ3JhbTo5OTk', name: 'Nothing' }, 'NOT_FOUND', 'input.programId'],
    ];
    for (const [mutation, input, code, field] of cases) {
      const { status, body } = await editor.graphql(mutation, { input });
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions, JSON.stringify(input).slice(0, 200)).toMatchObject({ code, field });
    }
    const taken = await editor.graphql(CREATE, { input: { ...valid, slug: 'sbc' } });
    expect(taken.body.errors?.[0]?.message).toBe('The slug "sbc" is already used by the program "SBC": choose another.');
    expect(await program('sbc')).toEqual(sbc);
    expect(await programsIn('devices')).toEqual(before);
    expect(await trail()).toEqual([]);
  });

  it('changes fields for everyone at once and audits exactly what changed', async () => {
    const before = await program('sba');
    const trail = await auditTrail();
    const { updateProgram } = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: before.id,
      expectedVersion: before.version,
      name: 'Survivable Branch Appliance',
      partnerCapacity: 3,
      internalNotes: 'Renamed for clarity.',
    });
    expect(updateProgram).toEqual({
      ...before,
      name: 'Survivable Branch Appliance',
      partnerCapacity: 3,
      internalNotes: 'Renamed for clarity.',
      version: before.version + 1,
    });
    expect((await publicCatalog()).infrastructure).toContain('Survivable Branch Appliance');

    const cleared = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: before.id,
      expectedVersion: before.version + 1,
      partnerCapacity: null,
      internalNotes: '',
      name: null,
    });
    expect(cleared.updateProgram).toMatchObject({
      name: 'Survivable Branch Appliance',
      partnerCapacity: null,
      internalNotes: null,
      version: before.version + 2,
    });
    const unchanged = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: before.id,
      expectedVersion: before.version + 2,
      name: 'Survivable Branch Appliance',
      position: before.position,
    });
    expect(unchanged.updateProgram.version).toBe(before.version + 2);

    expect((await trail()).map((event) => [event.action, event.entityId, event.changes])).toEqual([
      [
        'program-updated',
        databaseIdOf(before.id),
        {
          name: { from: 'SBA', to: 'Survivable Branch Appliance' },
          partnerCapacity: { from: null, to: 3 },
          internalNotes: { from: null, to: 'Renamed for clarity.' },
        },
      ],
      [
        'program-updated',
        databaseIdOf(before.id),
        { partnerCapacity: { from: 3, to: null }, internalNotes: { from: 'Renamed for clarity.', to: null } },
      ],
    ]);
  });

  it('replaces specs and labs in the order given; listing some clears what was said about none', async () => {
    const before = await program('meeting-room-devices-and-solutions');
    expect(before.specAvailability).toBe('ON_ADMISSION');
    const spec = await specOf('sbc');
    const other = await specOf('gateway');
    const [tekvizion] = await labIds('ip-phones');
    const trail = await auditTrail();
    const { updateProgram } = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: before.id,
      expectedVersion: before.version,
      specIds: [other, spec],
      labIds: [tekvizion],
    });
    expect(updateProgram).toMatchObject({
      specAvailability: null,
      specs: [{ id: other }, { id: spec }],
      labs: [{ id: tekvizion, name: 'Tekvizion' }],
    });
    const { body } = await server.graphql<{ program: { specs: Array<{ id: string }> } }>(
      '{ program(slug: "meeting-room-devices-and-solutions") { specs { id } } }',
    );
    expect(body.data?.program.specs).toEqual([{ id: other }, { id: spec }]);

    const none = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: before.id,
      expectedVersion: before.version + 1,
      specIds: [],
      specAvailability: 'ON_ADMISSION',
      labIds: [],
      labAvailability: 'COMING_SOON',
    });
    expect(none.updateProgram).toMatchObject({
      specs: [],
      specAvailability: 'ON_ADMISSION',
      labs: [],
      labAvailability: 'COMING_SOON',
    });

    const events = await trail();
    expect(events.map((event) => Object.keys(event.changes ?? {}))).toEqual([
      ['specs', 'specAvailability', 'labs'],
      ['specs', 'specAvailability', 'labs', 'labAvailability'],
    ]);
    expect(events[0]?.changes?.labs).toEqual({
      from: before.labs.map((lab) => ({ name: lab.name, url: expect.any(String) })),
      to: [{ name: 'Tekvizion', url: expect.any(String) }],
    });
  });

  it('moves a program to another category, last or at a position, keeping both orders dense', async () => {
    const moved = await program('load-balancer');
    const services = await categoryId('services');
    const trail = await auditTrail();
    const { updateProgram } = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: moved.id,
      expectedVersion: moved.version,
      categoryId: services,
    });
    expect(updateProgram).toMatchObject({ category: { slug: 'services' }, position: 1, version: moved.version + 1 });
    expect((await publicCatalog()).services).toEqual(['SIP Trunks', 'Load Balancer']);
    await expectDense('infrastructure');

    const gateway = await program('gateway');
    const infrastructureBefore = await programsIn('infrastructure');
    const back = await edit<{ updateProgram: Program }>(UPDATE, {
      programId: moved.id,
      expectedVersion: moved.version + 1,
      categoryId: await categoryId('infrastructure'),
      position: 1,
    });
    expect(back.updateProgram).toMatchObject({ category: { slug: 'infrastructure' }, position: 1 });
    const infrastructure = await programsIn('infrastructure');
    expect(infrastructure.map((each) => each.slug)).toEqual(['sbc', 'load-balancer', 'gateway', 'sba', 'reverse-proxy']);
    await expectDense('infrastructure');
    await expectDense('services');
    // The programs that made room are at a new version; the one before it is not.
    expect((await program('gateway')).version).toBe(gateway.version + 1);
    expect(infrastructure[0]?.version).toBe(infrastructureBefore[0]?.version);

    const events = await trail();
    expect(events.map((event) => [event.action, event.changes])).toEqual([
      ['program-updated', { category: { from: 'Infrastructure', to: 'Services' }, position: { from: 4, to: 1 } }],
      ['program-updated', { category: { from: 'Services', to: 'Infrastructure' } }],
    ]);
  });

  it('moves a program within its category', async () => {
    const gateway = await program('gateway');
    await edit(UPDATE, { programId: gateway.id, expectedVersion: gateway.version, position: 4 });
    expect((await programsIn('infrastructure')).map((each) => each.slug)).toEqual([
      'sbc',
      'load-balancer',
      'sba',
      'reverse-proxy',
      'gateway',
    ]);
    await expectDense('infrastructure');
  });

  it('refuses a stale version with CONFLICT and the current state, and writes nothing', async () => {
    const before = await program('reverse-proxy');
    await edit(UPDATE, { programId: before.id, expectedVersion: before.version, internalNotes: 'First edit' });
    const trail = await auditTrail();
    const { body } = await editor.graphql(UPDATE, {
      input: { programId: before.id, expectedVersion: before.version, name: 'Proxy', specIds: [] },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      currentVersion: before.version + 1,
      current: { name: 'Reverse Proxy', internalNotes: 'First edit', version: before.version + 1 },
    });
    const after = await program('reverse-proxy');
    expect(after).toMatchObject({ name: 'Reverse Proxy', specs: before.specs, version: before.version + 1 });
    expect(await trail()).toEqual([]);
  });

  it('reorders the programs of a category with one audit event, moved ones at a new version', async () => {
    const before = await programsIn('it-pro');
    const itPro = before[0]?.category.id as string;
    const trail = await auditTrail();
    const reversed = [...before].reverse();
    const { reorderPrograms } = await edit<{ reorderPrograms: Program[] }>(REORDER, {
      categoryId: itPro,
      programIds: reversed.map((each) => each.id),
    });
    expect(reorderPrograms.map((each) => [each.name, each.position, each.version])).toEqual(
      reversed.map((each, index) => [each.name, index, each.version + 1]),
    );
    expect((await publicCatalog())['it-pro']).toEqual(['Migration', 'Network Pre-Assessment']);
    const events = await trail();
    expect(events.map(({ entityType, entityId, action, changes }) => ({ entityType, entityId, action, changes }))).toEqual([
      {
        entityType: 'Category',
        entityId: databaseIdOf(itPro),
        action: 'programs-reordered',
        changes: { programs: { from: ['Network Pre-Assessment', 'Migration'], to: ['Migration', 'Network Pre-Assessment'] } },
      },
    ]);
  });

  it('refuses an order that does not list every program of the category, closed ones too, exactly once', async () => {
    const isv = await programsIn('isv');
    const closed = isv[1] as Program;
    await edit(`mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { id } }`, {
      programId: closed.id,
      expectedVersion: closed.version,
    });
    const ids = isv.map((each) => each.id);
    const listed = ids.filter((id) => id !== closed.id);
    const trail = await auditTrail();
    const before = await programsIn('isv');
    for (const [programIds, code] of [
      [listed, 'BAD_USER_INPUT'],
      [[...ids, ids[0]], 'BAD_USER_INPUT'],
      [[...ids.slice(1), (await program('sbc')).id], 'BAD_USER_INPUT'],
      [[...ids.slice(1), await categoryId('isv')], 'NOT_FOUND'],
    ] as const) {
      const { body } = await editor.graphql(REORDER, { input: { categoryId: await categoryId('isv'), programIds } });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code, field: 'input.programIds' });
    }
    const { body } = await editor.graphql(REORDER, { input: { categoryId: await categoryId('isv'), programIds: listed } });
    expect(body.errors?.[0]?.message).toBe('List every program in this category exactly once (1 missing).');
    const unknown = await editor.graphql(REORDER, { input: { categoryId: 'Q2F0ZWdvcnk6OTk5', programIds: ids } });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.categoryId' });
    expect(await programsIn('isv')).toEqual(before);
    expect(await trail()).toEqual([]);
  });

  it('keeps positions dense and slugs unique under concurrent edits', async () => {
    const video = await categoryId('video');
    const editors = [editor, await server.signIn('EDITOR'), await server.signIn('ADMIN')];
    const create = (index: number, name: string) =>
      (editors[index % editors.length] as TestClient).graphql(CREATE, {
        input: { name, categoryId: video, admissionStatus: 'NOT_SEEKING_PARTNERS' },
      });
    const distinct = await Promise.all(Array.from({ length: 12 }, (_, index) => create(index, `Camera ${index}`)));
    expect(distinct.map(({ body }) => body.errors)).toEqual(distinct.map(() => undefined));
    await expectDense('video');
    expect(await programsIn('video')).toHaveLength(13);

    const same = await Promise.all(Array.from({ length: 8 }, (_, index) => create(index, 'Room Camera')));
    expect(same.filter(({ body }) => !body.errors)).toHaveLength(1);
    expect(same.filter(({ body }) => body.errors?.[0]?.extensions?.field === 'input.slug')).toHaveLength(7);
    await expectDense('video');
  });

  it('refuses anonymous callers', async () => {
    const sbc = await program('sbc');
    const trail = await auditTrail();
    for (const [mutation, input] of [
      [CREATE, { name: 'Anonymous', categoryId: sbc.category.id, admissionStatus: 'SEEKING_PARTNERS' }],
      [UPDATE, { programId: sbc.id, expectedVersion: sbc.version, name: 'Anonymous' }],
      [REORDER, { categoryId: sbc.category.id, programIds: [sbc.id] }],
    ] as const) {
      const { body } = await server.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await program('sbc')).toEqual(sbc);
    expect(await trail()).toEqual([]);
  });
});
