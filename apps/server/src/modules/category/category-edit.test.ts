import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseIdOf, watchAuditTrail } from '../../test/audit-trail.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';

const CATEGORY_FIELDS = 'id slug name position version';

const CREATE = `mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { ${CATEGORY_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateCategoryInput!) { updateCategory(input: $input) { ${CATEGORY_FIELDS} } }`;
const DELETE = `mutation ($input: DeleteCategoryInput!) { deleteCategory(input: $input) }`;
const REORDER = `mutation ($input: ReorderCategoriesInput!) { reorderCategories(input: $input) { ${CATEGORY_FIELDS} } }`;

interface Category {
  id: string;
  slug: string;
  name: string;
  position: number;
  version: number;
  programs: Array<{ name: string }>;
}

describe('category edits', () => {
  let server: TestServer;
  let editor: TestClient;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
    editor = await server.signIn('EDITOR');
  });
  afterAll(() => server.close());

  const categories = async () => {
    const { body } = await server.graphql<{ categories: Category[] }>(`{ categories { ${CATEGORY_FIELDS} programs { name } } }`);
    if (!body.data) throw new Error(JSON.stringify(body));
    return body.data.categories;
  };
  const category = async (slug: string) => {
    const found = (await categories()).find((each) => each.slug === slug);
    if (!found) throw new Error(`no category ${slug}`);
    return found;
  };
  const edit = async <T>(mutation: string, input: Record<string, unknown>) => {
    const { body } = await editor.graphql<T>(mutation, { input });
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const auditTrail = () => watchAuditTrail(server.db.dataSource);

  it('adds a category last on the page, with a slug from its name, at once for everyone', async () => {
    const trail = await auditTrail();
    const before = await categories();
    const { createCategory } = await edit<{ createCategory: Category }>(CREATE, { name: '  Contact Center & Voice ' });
    expect(createCategory).toMatchObject({
      name: 'Contact Center & Voice',
      slug: 'contact-center-and-voice',
      position: before.length,
      version: 1,
    });
    const after = await categories();
    expect(after.map((each) => each.name)).toEqual([...before.map((each) => each.name), 'Contact Center & Voice']);
    expect(after.map((each) => each.position)).toEqual(after.map((_, index) => index));

    const events = await trail();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: expect.stringMatching(/^editor\d+@example\.com$/),
      actorId: expect.any(Number),
      requestId: expect.any(String),
      entityType: 'Category',
      entityId: databaseIdOf(createCategory.id),
      action: 'category-created',
      changes: {
        name: { from: null, to: 'Contact Center & Voice' },
        slug: { from: null, to: 'contact-center-and-voice' },
        position: { from: null, to: before.length },
      },
    });
  });

  it('refuses bad input with the field at fault, and writes nothing', async () => {
    const trail = await auditTrail();
    const before = await categories();
    const devices = await category('devices');
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [CREATE, { name: '   ' }, 'BAD_USER_INPUT', 'input.name'],
      [CREATE, { name: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
      [CREATE, { name: 'Audio', slug: 'Audio Devices' }, 'BAD_USER_INPUT', 'input.slug'],
      [CREATE, { name: '???' }, 'BAD_USER_INPUT', 'input.slug'],
      [CREATE, { name: 'Devices again', slug: 'devices' }, 'CONFLICT', 'input.slug'],
      [CREATE, { name: 'Devices' }, 'CONFLICT', 'input.slug'],
      [UPDATE, { categoryId: devices.id, expectedVersion: devices.version, slug: 'video' }, 'CONFLICT', 'input.slug'],
      [UPDATE, { categoryId: devices.id, expectedVersion: devices.version, name: '' }, 'BAD_USER_INPUT', 'input.name'],
      [UPDATE, { categoryId: 'Q2F0ZWdvcnk6OTk5', expectedVersion: 1, name: 'Gone' }, 'NOT_FOUND', 'input.categoryId'],
      [UPDATE, { categoryId: 'nonsense', expectedVersion: 1, name: 'Gone' }, 'NOT_FOUND', 'input.categoryId'],
      [DELETE, { categoryId: 'Q2F0ZWdvcnk6OTk5', expectedVersion: 1 }, 'NOT_FOUND', 'input.categoryId'],
    ];
    for (const [mutation, input, code, field] of cases) {
      const { status, body } = await editor.graphql(mutation, { input });
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    const duplicate = await editor.graphql(CREATE, { input: { name: 'Devices' } });
    expect(duplicate.body.errors?.[0]?.message).toBe(
      'The slug "devices" is already used by the category "Devices": choose another.',
    );
    expect(await categories()).toEqual(before);
    expect(await trail()).toEqual([]);
  });

  it('renames a category for everyone, audits the field, and does nothing for no change', async () => {
    const video = await category('video');
    const trail = await auditTrail();
    const { updateCategory } = await edit<{ updateCategory: Category }>(UPDATE, {
      categoryId: video.id,
      expectedVersion: video.version,
      name: 'Video and Meetings',
    });
    expect(updateCategory).toMatchObject({ name: 'Video and Meetings', slug: 'video', version: video.version + 1 });
    expect((await category('video')).name).toBe('Video and Meetings');
    const { body } = await server.graphql<{ program: { category: { name: string } } }>(
      `{ program(slug: "video-infrastructure") { category { name } } }`,
    );
    expect(body.data?.program.category.name).toBe('Video and Meetings');

    const unchanged = await edit<{ updateCategory: Category }>(UPDATE, {
      categoryId: video.id,
      expectedVersion: video.version + 1,
      name: 'Video and Meetings',
      slug: null,
    });
    expect(unchanged.updateCategory.version).toBe(video.version + 1);
    const events = await trail();
    expect(events.map((event) => [event.action, event.changes])).toEqual([
      ['category-updated', { name: { from: 'Video', to: 'Video and Meetings' } }],
    ]);
  });

  it('refuses a stale version with CONFLICT and the current state, and writes nothing', async () => {
    const isv = await category('isv');
    await edit(UPDATE, { categoryId: isv.id, expectedVersion: isv.version, name: 'Software Vendors' });
    const trail = await auditTrail();
    for (const [mutation, input] of [
      [UPDATE, { categoryId: isv.id, expectedVersion: isv.version, name: 'Independent Software Vendors' }],
      [UPDATE, { categoryId: isv.id, expectedVersion: isv.version, name: 'Software Vendors' }],
      [DELETE, { categoryId: isv.id, expectedVersion: isv.version }],
    ] as const) {
      const { body } = await editor.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        field: 'expectedVersion',
        currentVersion: isv.version + 1,
        current: { name: 'Software Vendors', slug: 'isv', position: isv.position, version: isv.version + 1 },
      });
    }
    expect((await category('isv')).name).toBe('Software Vendors');
    expect(await trail()).toEqual([]);
  });

  it('refuses to delete a category programs use, closed ones too, naming them', async () => {
    const trail = await auditTrail();
    const infrastructure = await category('infrastructure');
    const { body } = await editor.graphql(DELETE, {
      input: { categoryId: infrastructure.id, expectedVersion: infrastructure.version },
    });
    expect(body.errors?.[0]).toMatchObject({
      message:
        '5 programs use this category: SBC, Gateway, SBA, Reverse Proxy, Load Balancer. Move them to another category first.',
      extensions: {
        code: 'CONFLICT',
        field: 'input.categoryId',
        inUseBy: ['SBC', 'Gateway', 'SBA', 'Reverse Proxy', 'Load Balancer'],
      },
    });

    const { createCategory: empty } = await edit<{ createCategory: Category }>(CREATE, { name: 'Retired' });
    const { createProgram } = await edit<{ createProgram: { id: string; version: number } }>(
      `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id version } }`,
      { name: 'Old Phones', categoryId: empty.id, admissionStatus: 'NOT_SEEKING_PARTNERS' },
    );
    await edit(`mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { id } }`, {
      programId: createProgram.id,
      expectedVersion: createProgram.version,
    });
    const closedOnly = await editor.graphql(DELETE, { input: { categoryId: empty.id, expectedVersion: empty.version } });
    expect(closedOnly.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', inUseBy: ['Old Phones'] });
    expect(closedOnly.body.errors?.[0]?.message).toMatch(/^1 program uses this category: Old Phones\./);
    expect((await category('retired')).programs).toEqual([]);
    expect((await trail()).map((event) => event.action)).toEqual(['category-created', 'program-created', 'program-closed']);
  });

  it('deletes an unused category, closes the gap in the page order, and audits what it was', async () => {
    const { createCategory: extra } = await edit<{ createCategory: Category }>(CREATE, { name: 'Extra', slug: 'extra' });
    const { createCategory: last } = await edit<{ createCategory: Category }>(CREATE, { name: 'Last' });
    const trail = await auditTrail();
    const { deleteCategory } = await edit<{ deleteCategory: string }>(DELETE, {
      categoryId: extra.id,
      expectedVersion: extra.version,
    });
    expect(deleteCategory).toBe(extra.id);
    const after = await categories();
    expect(after.map((each) => each.slug)).not.toContain('extra');
    expect(after.map((each) => each.position)).toEqual(after.map((_, index) => index));
    expect(after.at(-1)).toMatchObject({ slug: 'last', position: after.length - 1, version: last.version + 1 });
    const node = await server.graphql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id } }`, { id: extra.id });
    expect(node.body.data?.node).toBeNull();

    const events = await trail();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityType: 'Category',
      entityId: databaseIdOf(extra.id),
      action: 'category-deleted',
      changes: {
        name: { from: 'Extra', to: null },
        slug: { from: 'extra', to: null },
        position: { from: extra.position, to: null },
      },
    });
  });

  it('puts the categories in a new page order with one audit event, moved ones at a new version', async () => {
    const before = await categories();
    const trail = await auditTrail();
    const [first, second, ...rest] = before as [Category, Category, ...Category[]];
    const order = [second, first, ...rest];
    const { reorderCategories } = await edit<{ reorderCategories: Category[] }>(REORDER, {
      categoryIds: order.map((each) => each.id),
    });
    expect(reorderCategories.map((each) => [each.slug, each.position])).toEqual(order.map((each, index) => [each.slug, index]));
    const after = await categories();
    expect(after.map((each) => each.slug)).toEqual(order.map((each) => each.slug));
    expect(after.map((each) => each.version)).toEqual([
      second.version + 1,
      first.version + 1,
      ...rest.map((each) => each.version),
    ]);
    const { body } = await server.graphql<{ programs: { edges: Array<{ node: { name: string } }> } }>(
      `{ programs(first: 1) { edges { node { name } } } }`,
    );
    expect(body.data?.programs.edges[0]?.node.name).toBe(second.programs[0]?.name);

    const events = await trail();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityType: 'HowToJoin',
      entityId: 'category-order',
      action: 'categories-reordered',
      changes: { order: { from: before.map((each) => each.name), to: order.map((each) => each.name) } },
    });

    const again = await editor.graphql(REORDER, { input: { categoryIds: order.map((each) => each.id) } });
    expect(again.body.errors).toBeUndefined();
    expect(await trail()).toHaveLength(1);
  });

  it('refuses an order that does not list every category exactly once', async () => {
    const before = await categories();
    const ids = before.map((each) => each.id);
    const trail = await auditTrail();
    for (const [categoryIds, code] of [
      [ids.slice(1), 'BAD_USER_INPUT'],
      [[...ids, ids[0]], 'BAD_USER_INPUT'],
      [[...ids.slice(1), ids[1]], 'BAD_USER_INPUT'],
      [[...ids.slice(1), 'Q2F0ZWdvcnk6OTk5'], 'BAD_USER_INPUT'],
      [[...ids.slice(1), 'TGFiOjE'], 'NOT_FOUND'],
    ] as const) {
      const { body } = await editor.graphql(REORDER, { input: { categoryIds } });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code, field: 'input.categoryIds' });
    }
    const missing = await editor.graphql(REORDER, { input: { categoryIds: ids.slice(1) } });
    expect(missing.body.errors?.[0]?.message).toBe('List every category in the catalogue exactly once (1 missing).');
    expect(await categories()).toEqual(before);
    expect(await trail()).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    const devices = await category('devices');
    const trail = await auditTrail();
    for (const [mutation, input] of [
      [CREATE, { name: 'Anonymous' }],
      [UPDATE, { categoryId: devices.id, expectedVersion: devices.version, name: 'Anonymous' }],
      [DELETE, { categoryId: devices.id, expectedVersion: devices.version }],
      [REORDER, { categoryIds: [devices.id] }],
    ] as const) {
      const { body } = await server.graphql(mutation, { input });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await category('devices')).toEqual(devices);
    expect(await trail()).toEqual([]);
  });
});
