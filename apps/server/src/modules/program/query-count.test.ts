import { WHOLE_CATALOG_QUERY } from '@certhub/domain/whole-catalog-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throughDatabase } from '../../test/database-path.js';
import { importSeed, importSyntheticCatalog } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

async function statementsForWholeCatalog(server: TestServer): Promise<{ statements: number; programs: number }> {
  const response = await server.graphql<{ categories: Array<{ programs: unknown[] }> }>(WHOLE_CATALOG_QUERY);
  expect(response.body.errors).toBeUndefined();
  return {
    statements: Number(response.headers.get('x-sql-statements')),
    programs: response.body.data?.categories.reduce((sum, category) => sum + category.programs.length, 0) ?? 0,
  };
}

describe('batching', () => {
  let small: TestServer;
  let large: TestServer;
  beforeAll(async () => {
    [small, large] = await Promise.all([
      startTestServer((db) => importSeed(db.dataSource)),
      startTestServer((db) => importSyntheticCatalog(db.dataSource, 2000)),
    ]);
  }, 180_000);
  afterAll(() => Promise.all([small?.close(), large?.close()]));

  it('runs the same number of SQL statements for the whole catalogue at 16 and at 2,000 programs', async () => {
    const atSixteen = await statementsForWholeCatalog(small);
    const atTwoThousand = await statementsForWholeCatalog(large);
    expect(atSixteen.programs).toBe(16);
    expect(atTwoThousand.programs).toBe(2000);
    expect(atSixteen.statements).toBeGreaterThan(0);
    expect(atTwoThousand.statements).toBe(atSixteen.statements);
    // The first read builds the read model of the revision (modules/catalog-read-model): the
    // revision read (for the response cache), then one read transaction of set-based reads, among
    // them the announced scheduled changes and the status history (its tally, then the rows after
    // the last one carried: all of them for a first model).
    expect(atSixteen.statements).toBeLessThanOrEqual(14);
  });

  it('reads only the revision once the read model of that revision is built', async () => {
    // Another query text, so that the response cache cannot answer it: executed, from the model.
    const executed = `query Executed ${WHOLE_CATALOG_QUERY}`;
    for (const server of [small, large]) {
      await server.graphql(executed);
      const again = await server.graphql(`query ExecutedAgain ${WHOLE_CATALOG_QUERY}`);
      expect(again.body.errors).toBeUndefined();
      expect(Number(again.headers.get('x-sql-statements'))).toBe(1);
    }
  });

  it('answers staff sessions from the read model too: the session and the revision', async () => {
    const counts: number[] = [];
    for (const server of [small, large]) {
      const staff = await server.signIn('EDITOR');
      const answer = await staff.graphql(WHOLE_CATALOG_QUERY);
      expect(answer.body.errors).toBeUndefined();
      counts.push(Number(answer.headers.get('x-sql-statements')));
    }
    expect(counts[1]).toBe(counts[0]);
    // The session's statements, then the revision read: the model of that revision is built already.
    expect(counts[0]).toBeLessThanOrEqual(3);
  });

  it('keeps the database path batched too (what the read model does not hold reads it)', async () => {
    const counts: number[] = [];
    for (const server of [small, large]) {
      const answer = await throughDatabase(server, WHOLE_CATALOG_QUERY);
      expect(answer.errors).toBeUndefined();
      counts.push(answer.statements);
    }
    expect(counts[1]).toBe(counts[0]);
    // Categories, their programs, each program's category, specs and labs; labs and their programs.
    expect(counts[0]).toBeLessThanOrEqual(8);
  });
});
