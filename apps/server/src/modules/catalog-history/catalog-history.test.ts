import { readFileSync } from 'node:fs';
import type { CatalogProgram } from '@certhub/domain/catalog';
import { resolveCatalogLinks } from '@certhub/domain/importer/links';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_VERSIONS_FOLDER, seedPage } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CatalogImportService } from '../catalog-import/catalog-import.service.js';
import { seedIfEmpty } from '../catalog-import/seed.js';

const PROGRAM_FIELDS = `slug name admissionStatus statusChangedAt specs { title url } specAvailability
  labs { name url } labAvailability admissionContact`;

const CATALOGUE_AS_OF = `query CatalogueAsOf($asOf: String!) {
  catalogue(asOf: $asOf) { asOf categories { slug name programs { ${PROGRAM_FIELDS} } } labs { slug name url } }
}`;

const CATALOGUE_NOW = `query CatalogueNow {
  categories { slug name programs { ${PROGRAM_FIELDS} } }
  labs { slug name url }
}`;

const CHANGES = `query Changes($from: String!, $to: String!) {
  catalogueChanges(from: $from, to: $to) {
    from to historyStartsAt
    programs { slug name changes { kind field from to effectiveAt } }
    catalogue { entityType name kind field from to effectiveAt }
  }
}`;

interface ProgramAsOf extends CatalogProgram {
  slug: string;
  statusChangedAt: string | null;
}
interface CatalogueAnswer {
  categories: Array<{ slug: string; name: string; programs: ProgramAsOf[] }>;
  labs: Array<{ slug: string; name: string; url: string | null }>;
}

/** A version's table read by hand, with its relative links resolved as the importer resolves them. */
function handRead(file: string): CatalogProgram[] {
  const { programs } = JSON.parse(readFileSync(new URL(file, PAGE_VERSIONS_FOLDER), 'utf8')) as { programs: CatalogProgram[] };
  return resolveCatalogLinks(programs);
}

/** The catalogue's programs in page order, in the shape of the hand-read tables. */
function asTable(catalogue: CatalogueAnswer): CatalogProgram[] {
  return catalogue.categories.flatMap((category) =>
    category.programs.map(({ name, admissionStatus, specs, specAvailability, labs, labAvailability }) => ({
      category: category.name,
      name,
      admissionStatus,
      specs,
      specAvailability,
      labs,
      labAvailability,
    })),
  );
}

async function catalogueAsOf(client: TestClient, asOf: string) {
  const answer = await client.graphql<{ catalogue: CatalogueAnswer & { asOf: string } }>(CATALOGUE_AS_OF, { asOf });
  expect(answer.body.errors).toBeUndefined();
  return { catalogue: answer.body.data?.catalogue as CatalogueAnswer & { asOf: string }, statements: statementsOf(answer) };
}

function statementsOf(answer: { headers: Headers }): number {
  return Number(answer.headers.get('x-sql-statements'));
}

describe('the catalogue as of a date, on a freshly seeded database', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => seedIfEmpty(db.dataSource));
  }, 120_000);
  afterAll(() => server?.close());

  it.each([
    ['2018-06-13', 'sfb-5957e46e9b.md.expected.json'],
    ['2018-06-21', 'sfb-5957e46e9b.md.expected.json'],
    ['2018-06-22', 'sfb-ddb18f1098.md.expected.json'],
    ['2018-07-01', 'sfb-ddb18f1098.md.expected.json'],
    ['2018-08-27', 'sfb-501c316fbf.md.expected.json'],
    ['2018-09-20', 'sfb-378a7ee691.md.expected.json'],
    ['2019-08-05', 'sfb-378a7ee691.md.expected.json'],
    ['2019-08-06', 'how-to-join.expected.json'],
  ])('answers on %s the table of %s', async (asOf, file) => {
    const { catalogue } = await catalogueAsOf(server, asOf);
    expect(asTable(catalogue)).toStrictEqual(handRead(file));
    expect(catalogue.asOf).toBe(`${asOf}T23:59:59.999Z`);
  });

  it('dates every status from the first version: the page never changed one', async () => {
    const { catalogue } = await catalogueAsOf(server, '2018-07-01');
    const programs = catalogue.categories.flatMap((category) => category.programs);
    expect(programs).toHaveLength(16);
    expect(new Set(programs.map((program) => program.statusChangedAt))).toStrictEqual(new Set(['2018-06-13T00:00:00.000Z']));
  });

  it('answers an empty catalogue before the history starts', async () => {
    const { catalogue } = await catalogueAsOf(server, '2018-06-12');
    expect(catalogue.categories).toStrictEqual([]);
    expect(catalogue.labs).toStrictEqual([]);
  });

  it('answers exactly the current catalogue as of now', async () => {
    const now = await server.graphql<CatalogueAnswer>(CATALOGUE_NOW);
    const { catalogue } = await catalogueAsOf(server, new Date().toISOString());
    expect({ categories: catalogue.categories, labs: catalogue.labs }).toStrictEqual(now.body.data);
  });

  it('lists what the versions changed between two dates, grouped by program and dated', async () => {
    const answer = await server.graphql<{
      catalogueChanges: Record<string, unknown> & { programs: Array<Record<string, unknown>> };
    }>(CHANGES, { from: '2018-06-13', to: '2018-09-01' });
    expect(answer.body.errors).toBeUndefined();
    const changes = answer.body.data?.catalogueChanges;
    expect(changes?.historyStartsAt).toBe('2018-06-13T00:00:00.000Z');
    const pcs = changes?.programs.find((program) => program.slug === 'pcs');
    // June 22: the PCs/USB spec renamed and linked to test-spec.md.
    expect(pcs?.changes).toContainEqual(
      expect.objectContaining({ kind: 'SPECS_CHANGED', field: 'specs', effectiveAt: '2018-06-22T00:00:00.000Z' }),
    );
    // No status moved in 2018.
    const kinds = changes?.programs.flatMap((program) => (program.changes as Array<{ kind: string }>).map(({ kind }) => kind));
    expect(kinds).not.toContain('ADMISSION_STATUS_CHANGED');
  });

  it('refuses dates it cannot read and a range that ends before it starts, naming the argument', async () => {
    const bad = await server.graphql(CATALOGUE_AS_OF, { asOf: '2018-02-30' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    const notADate = await server.graphql(CHANGES, { from: 'yesterday', to: '2018-09-01' });
    expect(notADate.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const badEnd = await server.graphql(CHANGES, { from: '2018-06-13', to: '2018-13-01' });
    expect(badEnd.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const backwards = await server.graphql(CHANGES, { from: '2018-09-01', to: '2018-06-13' });
    expect(backwards.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(backwards.status).toBe(200);
  });
});

describe('history made by staff edits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => seedIfEmpty(db.dataSource));
  }, 120_000);
  afterAll(() => server?.close());

  /** Moves a program's status `times` times, back and forth, as an editor. */
  async function moveStatus(slug: string, times: number): Promise<void> {
    const editor = await server.signIn('EDITOR');
    for (let move = 0; move < times; move += 1) {
      const read = await editor.graphql<{ program: { id: string; version: number; admissionStatus: string } }>(
        'query P($slug: String!) { program(slug: $slug) { id version admissionStatus } }',
        { slug },
      );
      const program = read.body.data?.program;
      const status = program?.admissionStatus === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS';
      const moved = await editor.graphql(
        `mutation M($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
        { input: { programId: program?.id, status, expectedVersion: program?.version } },
      );
      expect(moved.body.errors).toBeUndefined();
    }
  }

  it('answers the status before a change, the change between two dates and on the program history', async () => {
    const before = new Date().toISOString();
    await moveStatus('ip-phones', 1);
    const after = new Date(Date.now() + 1000).toISOString();

    const then = await catalogueAsOf(server, before);
    const phonesThen = then.catalogue.categories.flatMap((c) => c.programs).find((p) => p.slug === 'ip-phones');
    expect(phonesThen?.admissionStatus).toBe('NOT_SEEKING_PARTNERS');
    const now = await catalogueAsOf(server, after);
    const phonesNow = now.catalogue.categories.flatMap((c) => c.programs).find((p) => p.slug === 'ip-phones');
    expect(phonesNow?.admissionStatus).toBe('SEEKING_PARTNERS');
    expect(Date.parse(phonesNow?.statusChangedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before));

    const changes = await server.graphql<{ catalogueChanges: { programs: unknown[]; catalogue: unknown[] } }>(CHANGES, {
      from: before,
      to: after,
    });
    expect(changes.body.data?.catalogueChanges.programs).toStrictEqual([
      {
        slug: 'ip-phones',
        name: 'IP Phones',
        changes: [
          {
            kind: 'ADMISSION_STATUS_CHANGED',
            field: 'admissionStatus',
            from: 'NOT_SEEKING_PARTNERS',
            to: 'SEEKING_PARTNERS',
            effectiveAt: expect.stringMatching(/^\d{4}-/),
          },
        ],
      },
    ]);
    expect(changes.body.data?.catalogueChanges.catalogue).toStrictEqual([]);
    const [group] = (changes.body.data?.catalogueChanges.programs ?? []) as Array<{ changes: Array<{ effectiveAt: string }> }>;
    const effectiveAt = Date.parse(group?.changes[0]?.effectiveAt ?? '');
    expect(effectiveAt).toBeGreaterThan(Date.parse(before));
    expect(effectiveAt).toBeLessThanOrEqual(Date.parse(after));

    const history = await server.graphql<{ program: { history: Array<{ kind: string; to: unknown; effectiveAt: string }> } }>(
      'query H { program(slug: "ip-phones") { history { kind field from to effectiveAt } } }',
    );
    expect(history.body.data?.program.history.map(({ kind, to, effectiveAt }) => [kind, to, effectiveAt])).toStrictEqual([
      ['PROGRAM_ADDED', 'NOT_SEEKING_PARTNERS', '2018-06-13T00:00:00.000Z'],
      ['ADMISSION_STATUS_CHANGED', 'SEEKING_PARTNERS', new Date(effectiveAt).toISOString()],
    ]);
  });

  it('runs the same statements whatever the length of the history', async () => {
    const asOf = '2018-07-01';
    const range = { from: '2018-06-13', to: '2030-01-01' };
    const count = async () => {
      // Each read follows a write, so it builds the read model of the new revision: the worst case.
      await moveStatus('pcs', 1);
      const catalogue = (await catalogueAsOf(server.client(), asOf)).statements;
      await moveStatus('pcs', 1);
      const changes = statementsOf(await server.client().graphql(CHANGES, range));
      return { catalogue, changes };
    };
    const short = await count();
    await moveStatus('ip-phones', 40);
    const long = await count();
    expect(short.catalogue).toBeGreaterThan(0);
    expect(long).toStrictEqual(short);
  });
});

describe('a lab renamed alone by an import, between two page versions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(async (db) => {
      const importer = new CatalogImportService(db.dataSource);
      await importer.importPage(seedPage, { effectiveAt: new Date('2019-08-06T00:00:00Z') });
      // The next version spells the lab differently: the same lab (its slug), renamed.
      await importer.importPage(seedPage.replaceAll('>Tekvizion</a>', '>TekVizion</a>'), {
        effectiveAt: new Date('2020-03-01T00:00:00Z'),
      });
    });
  }, 120_000);
  afterAll(() => server?.close());

  it('records the rename on the lab, with its name before and after', async () => {
    const events = await server.db.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityType: 'Lab', action: 'lab-renamed' });
    expect(events.map(({ summary, changes }) => ({ summary, changes }))).toStrictEqual([
      { summary: 'Lab "Tekvizion" renamed to "TekVizion"', changes: { name: { from: 'Tekvizion', to: 'TekVizion' } } },
    ]);
  });

  it('shows the old name in the catalogue before it, and the new one after', async () => {
    const tekvizion = (catalogue: CatalogueAnswer) => ({
      lab: catalogue.labs.find((lab) => lab.slug === 'tekvizion')?.name,
      listed: new Set(catalogue.categories.flatMap((c) => c.programs.flatMap((p) => p.labs.map((lab) => lab.name)))),
    });
    const before = tekvizion((await catalogueAsOf(server, '2020-02-29')).catalogue);
    expect(before.lab).toBe('Tekvizion');
    expect(before.listed).toContain('Tekvizion');
    expect(before.listed).not.toContain('TekVizion');
    const after = tekvizion((await catalogueAsOf(server, '2020-03-01')).catalogue);
    expect(after.lab).toBe('TekVizion');
    expect(after.listed).not.toContain('Tekvizion');
  });

  it('lists the rename among what changed, dated by the import', async () => {
    const { body } = await server.graphql<{ catalogueChanges: { catalogue: unknown[] } }>(CHANGES, {
      from: '2020-02-29',
      to: '2020-03-01',
    });
    expect(body.data?.catalogueChanges.catalogue).toStrictEqual([
      {
        entityType: 'Lab',
        name: 'TekVizion',
        kind: 'LAB_RENAMED',
        field: 'name',
        from: 'Tekvizion',
        to: 'TekVizion',
        effectiveAt: '2020-03-01T00:00:00.000Z',
      },
    ]);
  });
});
