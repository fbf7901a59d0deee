import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/data-source.js';
import { CatalogImportService } from '../../modules/catalog-import/catalog-import.service.js';
import { importSeed, seedPage } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { ADMIT_AT_ONCE_BYTES, jsonLengthReaches } from './response-cache.js';

const CATALOG = `{ programs(first: 100) { edges { node { id slug admissionStatus version } } } }`;

interface Catalog {
  programs: { edges: Array<{ node: { id: string; slug: string; admissionStatus: string; version: number } }> };
}

describe('the response cache of anonymous queries', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  const catalog = async () => {
    const response = await server.graphql<Catalog>(CATALOG);
    const statusOf = (slug: string) => response.body.data?.programs.edges.find(({ node }) => node.slug === slug)?.node;
    return { response, statements: Number(response.headers.get('x-sql-statements')), statusOf };
  };

  it('answers a repeated query from memory, after one statement that checks nothing changed', async () => {
    const first = await catalog();
    const second = await catalog();
    expect(first.statements).toBeGreaterThan(1);
    expect(second.statements).toBe(1);
    expect(second.response.body).toEqual(first.response.body);
  });

  it('shows a staff edit to the very next anonymous request', async () => {
    const before = (await catalog()).statusOf('pcs');
    const editor = await server.signIn('EDITOR');
    const edit = await editor.graphql(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`,
      { input: { programId: before?.id, status: 'SEEKING_PARTNERS', expectedVersion: before?.version } },
    );
    expect(edit.body.errors).toBeUndefined();
    const after = await catalog();
    expect(after.statements).toBeGreaterThan(1);
    expect(after.statusOf('pcs')).toMatchObject({ admissionStatus: 'SEEKING_PARTNERS', version: (before?.version ?? 0) + 1 });
  });

  it('shows a change made by another process (an import from the CLI) to the next request', async () => {
    expect((await catalog()).statusOf('migration')?.admissionStatus).toBe('NOT_SEEKING_PARTNERS');
    const otherProcess = await openDatabase(server.db.url);
    try {
      const page = seedPage.replace(/(<td>Migration<\/td>\s*<td[^>]*>)Not seeking partners/, '$1Seeking partners');
      await new CatalogImportService(otherProcess).importPage(page);
    } finally {
      await otherProcess.destroy();
    }
    expect((await catalog()).statusOf('migration')?.admissionStatus).toBe('SEEKING_PARTNERS');
  });

  it('never serves or stores answers for signed-in staff', async () => {
    await catalog();
    const editor = await server.signIn('EDITOR');
    const staff = await editor.graphql<Catalog>(CATALOG);
    expect(Number(staff.headers.get('x-sql-statements'))).toBeGreaterThan(1);
    const again = await editor.graphql<Catalog>(CATALOG);
    expect(Number(again.headers.get('x-sql-statements'))).toBeGreaterThan(1);
  });
});

describe('the response cache, bounded by bytes', () => {
  const MAX_BYTES = 32 * 1024;
  let server: TestServer;
  beforeAll(async () => {
    // Far more entries allowed than fit in the bytes: only the bytes bound evicts here.
    server = await startTestServer((db) => importSeed(db.dataSource), {
      responseCacheEntries: 10_000,
      responseCacheMaxBytes: MAX_BYTES,
    });
  });
  afterAll(() => server.close());

  /** A page of programs under an alias of its own: each alias a different answer of about 1 KB. */
  const page = (alias: string) => `{ ${alias}: programs(first: 16) { edges { node { id slug } } } }`;
  const statementsOf = async (query: string) => {
    const response = await server.graphql(query);
    expect(response.body.errors).toBeUndefined();
    return { statements: Number(response.headers.get('x-sql-statements')), size: JSON.stringify(response.body).length };
  };

  it('lets the least recently used answers go once the kept answers take more than the bytes allowed', async () => {
    const { size } = await statementsOf(page('p0'));
    const fitting = Math.floor(MAX_BYTES / size);
    expect(fitting).toBeGreaterThan(10);
    expect((await statementsOf(page('p0'))).statements).toBe(1);
    // Twice as many answers as the bytes hold, each asked once.
    for (let index = 1; index < 2 * fitting; index++) await statementsOf(page(`p${index}`));
    // The last ones are kept; the first went to make room.
    expect((await statementsOf(page(`p${2 * fitting - 1}`))).statements).toBe(1);
    expect((await statementsOf(page('p0'))).statements).toBeGreaterThan(1);
    expect((await statementsOf(page('p1'))).statements).toBeGreaterThan(1);
  });

  it('does not keep an answer larger than an eighth of the bytes', async () => {
    const large = `{ ${Array.from({ length: 8 }, (_, index) => `l${index}: programs(first: 16) { edges { node { id slug } } }`).join(' ')} }`;
    const first = await statementsOf(large);
    expect(first.size).toBeGreaterThan(MAX_BYTES / 8);
    expect(first.statements).toBeGreaterThan(1);
    expect((await statementsOf(large)).statements).toBeGreaterThan(1);
  });
});

describe('the response cache, admitting large answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource));
  });
  afterAll(() => server.close());

  /**
   * An answer over ADMIT_AT_ONCE_BYTES (the schema's types, described), beside a page of programs
   * that the read model does not answer, so that an executed request costs more than the one
   * statement of a kept answer's revision read.
   */
  const large = (alias: string) =>
    `{ ${alias}: __schema { types { name description fields { name description args { name description } } enumValues { name description } inputFields { name description } } }
       programs(first: 1) { edges { node { slug } } } }`;
  const ask = async (query: string) => {
    const response = await server.graphql(query);
    expect(response.body.errors).toBeUndefined();
    return { statements: Number(response.headers.get('x-sql-statements')), size: JSON.stringify(response.body).length };
  };

  it('keeps a large answer only once its request comes again: a one-off takes no room', async () => {
    const first = await ask(large('once'));
    expect(first.size).toBeGreaterThan(ADMIT_AT_ONCE_BYTES);
    expect(first.statements).toBeGreaterThan(1);
    // Asked again: executed again, and kept now.
    expect((await ask(large('once'))).statements).toBeGreaterThan(1);
    expect((await ask(large('once'))).statements).toBe(1);
    // A small answer is kept at its first asking.
    const small = '{ programs(first: 1) { edges { node { slug } } } }';
    expect((await ask(small)).statements).toBeGreaterThan(1);
    expect((await ask(small)).statements).toBe(1);
  });

  it('finds a large answer large without serialising it, and never takes a short one for large', async () => {
    const answer = (await server.graphql(large('judged'))).body;
    const length = JSON.stringify(answer).length;
    expect(length).toBeGreaterThan(ADMIT_AT_ONCE_BYTES);
    // The lower bound is close enough to turn this one away at its first asking without its text.
    expect(jsonLengthReaches(answer, ADMIT_AT_ONCE_BYTES)).toBe(true);
    const values: unknown[] = [
      answer,
      '',
      'quote " and backslash \\ and \n',
      12345.678,
      null,
      true,
      [],
      {},
      [undefined, () => 1, 'x'],
      { skipped: undefined, fn: () => 1, kept: [1, { a: 'b' }], when: new Date(0) },
      Object.assign(Object.create(null), { nested: { deeper: [[], {}, 'é'] } }),
    ];
    for (const value of values) {
      const text = JSON.stringify(value);
      expect(jsonLengthReaches(value, text.length + 1), text).toBe(false);
    }
  });
});
