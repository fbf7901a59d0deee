import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed, seedExpected } from '../../test/seed-catalog.js';
import { type GraphQLResponse, startTestServer, type TestServer } from '../../test/test-server.js';

const PAGE_BASE = 'https://learn.microsoft.com/en-us/skypeforbusiness/certification/how-to-join';

const PROGRAM_FIELDS = `
  id slug name admissionStatus specAvailability labAvailability version updatedAt statusChangedAt
  category { slug name }
  specs { title url }
  labs { name slug url }
`;

interface ProgramNode {
  id: string;
  slug: string;
  name: string;
  admissionStatus: string;
  category: { slug: string; name: string };
}

interface ProgramsPage {
  programs: {
    totalCount: number;
    edges: Array<{ cursor: string; node: ProgramNode }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

describe('catalogue API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  const programNames = async (filter: Record<string, unknown>, first = 100) => {
    const { body } = await server.graphql<ProgramsPage>(
      `query ($filter: ProgramFilter, $first: Int) { programs(filter: $filter, first: $first) { totalCount edges { node { name } } } }`,
      { filter, first },
    );
    expect(body.errors).toBeUndefined();
    return body.data?.programs.edges.map((edge) => edge.node.name);
  };

  it('serves the seed table exactly, cell by cell, grouped by category in page order', async () => {
    const { status, body } = await server.graphql<{
      categories: Array<{ name: string; programs: Array<Record<string, unknown>> }>;
    }>(
      `{ categories { name position programs { name admissionStatus specs { title url } specAvailability labs { name url } labAvailability } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const served = body.data?.categories.flatMap((category) =>
      category.programs.map((program) => ({ category: category.name, ...program })),
    );
    const expected = seedExpected.programs.map((program) => ({
      ...program,
      // Relative links as the docs site serves them: under the page, without ".md" (test-spec.md → …/test-spec).
      specs: program.specs.map((spec) => ({
        ...spec,
        url: spec.url && new URL(URL.canParse(spec.url) ? spec.url : spec.url.replace(/\.md$/, ''), PAGE_BASE).toString(),
      })),
    }));
    expect(served).toEqual(expected);
    expect(body.data?.categories.map((category) => category.name)).toEqual([
      'Devices',
      'Infrastructure',
      'Services',
      'IT Pro',
      'Video',
      'ISV',
    ]);
    expect(served).toHaveLength(16);
  });

  it('stores relative spec links as the docs site publishes them: absolute, without .md', async () => {
    const { body } = await server.graphql<{ program: { specs: Array<{ url: string }> } }>(
      `{ program(slug: "pcs") { specs { url } } }`,
    );
    expect(body.data?.program.specs[0]?.url).toBe('https://learn.microsoft.com/en-us/skypeforbusiness/certification/test-spec');
  });

  it('finds a program by slug with every field', async () => {
    const { body } = await server.graphql<{ program: Record<string, unknown> }>(
      `query ($slug: String!) { program(slug: $slug) { ${PROGRAM_FIELDS} } }`,
      { slug: 'sip-trunks' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.program).toMatchObject({
      slug: 'sip-trunks',
      name: 'SIP Trunks',
      admissionStatus: 'NO_ADMISSION_REVIEW',
      specAvailability: null,
      labAvailability: null,
      version: 1,
      category: { slug: 'services', name: 'Services' },
      specs: [{ title: 'SIP Trunk Specs (download)' }],
      labs: [
        { name: 'Tekvizion', slug: 'tekvizion', url: 'http://www.tekvizion.com/premier-tenants/microsoft' },
        { name: 'Wipro', slug: 'wipro' },
      ],
    });
    expect(Date.parse(String(body.data?.program.updatedAt))).not.toBeNaN();
  });

  it('answers null for an unknown slug', async () => {
    const { body } = await server.graphql(`{ program(slug: "no-such-program") { id } }`);
    expect(body).toEqual({ data: { program: null } });
  });

  it('filters by status, category, lab and name, alone and together', async () => {
    expect(await programNames({ admissionStatus: 'NO_ADMISSION_REVIEW' })).toEqual(['SIP Trunks']);
    expect(await programNames({ admissionStatus: ['SEEKING_PARTNERS'] })).toEqual([]);
    expect(await programNames({ categorySlug: 'it-pro' })).toEqual(['Network Pre-Assessment', 'Migration']);
    expect(await programNames({ labSlug: 'ast' })).toEqual([
      'PCs',
      'USB Audio and Video Devices',
      'Meeting Room Devices and Solutions',
    ]);
    expect(await programNames({ search: 'sip' })).toEqual(['SIP Trunks']);
    expect(await programNames({ search: '  DEVICES ' })).toEqual([
      'USB Audio and Video Devices',
      'Meeting Room Devices and Solutions',
    ]);
    expect(await programNames({ categorySlug: 'isv', labSlug: 'wipro', search: 'con' })).toEqual([
      'Contact Center',
      'Attendant Console',
    ]);
    expect(await programNames({ categorySlug: 'devices', labSlug: 'tekvizion' })).toEqual(['IP Phones']);
    expect(await programNames({ categorySlug: 'no-such-category' })).toEqual([]);
  });

  it('treats LIKE wildcards in a search as plain characters', async () => {
    expect(await programNames({ search: '%' })).toEqual([]);
    expect(await programNames({ search: '_' })).toEqual([]);
  });

  it('leaves closed programs out of the catalogue unless asked for them', async () => {
    expect(await programNames({})).toHaveLength(16);
    expect(await programNames({ admissionStatus: 'CLOSED' })).toEqual([]);
  });

  it('paginates with cursors, reporting the total and both edges of the page', async () => {
    const query = `query ($first: Int, $after: String) { programs(first: $first, after: $after) {
      totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<ProgramsPage> = await server.graphql<ProgramsPage>(query, { first: 5, after });
      const page: ProgramsPage['programs'] | undefined = response.body.data?.programs;
      if (!page) throw new Error(JSON.stringify(response.body.errors));
      expect(page.totalCount).toBe(16);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      names.push(...page.edges.map((edge) => edge.node.name));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(names).toEqual(seedExpected.programs.map((program) => program.name));

    const empty = await server.graphql<ProgramsPage>(query, { first: 0 });
    expect(empty.body.data?.programs).toMatchObject({
      totalCount: 16,
      edges: [],
      pageInfo: { hasNextPage: true, endCursor: null },
    });
  });

  it('refuses a page size out of range and a cursor it did not give out, naming the argument', async () => {
    const tooLarge = await server.graphql(`{ programs(first: 101) { totalCount } }`);
    expect(tooLarge.status).toBe(200);
    expect(tooLarge.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const negative = await server.graphql(`{ programs(first: -1) { totalCount } }`);
    expect(negative.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await server.graphql(`{ programs(after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(badCursor.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(JSON.stringify(badCursor.body)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('refuses an unknown status with a validation error, not a server error', async () => {
    const { status, body } = await server.graphql(`{ programs(filter: { admissionStatus: MAYBE }) { totalCount } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('lists the labs with the programs each certifies for', async () => {
    const { body } = await server.graphql<{ labs: Array<{ name: string; slug: string; programs: Array<{ name: string }> }> }>(
      `{ labs { name slug url programs { name } } }`,
    );
    expect(body.data?.labs.map((lab) => lab.slug)).toEqual(['ast', 'pal', 'tekvizion', 'wipro']);
    const ast = body.data?.labs.find((lab) => lab.slug === 'ast');
    expect(ast?.programs.map((program) => program.name)).toEqual([
      'Meeting Room Devices and Solutions',
      'PCs',
      'USB Audio and Video Devices',
    ]);
  });

  it('serves the how-to-join content as data', async () => {
    const { body } = await server.graphql<{
      requirements: Array<{ id: string; text: string; position: number }>;
      admissionSteps: Array<{ position: number; text: string }>;
      notes: Array<{ id: string; text: string }>;
    }>(`{ requirements { id text position } admissionSteps { position text } notes { id text position } }`);
    expect(body.data?.requirements.map((requirement) => requirement.id)).toEqual([
      'proven-record',
      'technical-ability',
      'global-support',
      'premier-support',
      'testing-fees-and-trials',
      'usage-data',
    ]);
    expect(body.data?.requirements[0]?.text).toMatch(/^A proven record of developing and marketing enterprise grade/);
    expect(body.data?.admissionSteps.map((step) => step.position)).toEqual([1, 2, 3]);
    expect(body.data?.admissionSteps[2]?.text).toMatch(/^Sign the terms and agreements\./);
    expect(body.data?.notes.map((note) => note.id)).toEqual(['testing-fees', 'independent-labs']);
  });

  it('fetches every kind of object again by its global id', async () => {
    const { body } = await server.graphql<{
      program: { id: string; category: { id: string }; labs: Array<{ id: string }>; specs: Array<{ id: string }> };
    }>(`{ program(slug: "pcs") { id category { id } labs { id } specs { id } } }`);
    const program = body.data?.program;
    if (!program) throw new Error('no program');
    const ids = [program.id, program.category.id, program.labs[0]?.id, program.specs[0]?.id];
    const nodes = await Promise.all(
      ids.map((id) =>
        server.graphql<{ node: Record<string, unknown> }>(
          `query ($id: ID!) { node(id: $id) { __typename id ... on Program { slug } ... on Category { slug } ... on Lab { slug } ... on Spec { title } } }`,
          { id },
        ),
      ),
    );
    expect(nodes.map(({ body }) => body.data?.node)).toEqual([
      { __typename: 'Program', id: ids[0], slug: 'pcs' },
      { __typename: 'Category', id: ids[1], slug: 'devices' },
      { __typename: 'Lab', id: ids[2], slug: 'ast' },
      {
        __typename: 'Spec',
        id: ids[3],
        title: 'Skype and Lync test specifications for USB peripherals, PCs, and Lync room systems',
      },
    ]);
  });

  it('answers null for a global id that names nothing', async () => {
    for (const id of [
      'garbage',
      Buffer.from('Program:999999').toString('base64url'),
      Buffer.from('User:1').toString('base64url'),
    ]) {
      const { body } = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id });
      expect(body).toEqual({ data: { node: null } });
    }
  });
});
