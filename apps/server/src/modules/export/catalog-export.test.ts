import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { ProgramEntity } from '../program/program.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';

describe('/export/catalogue.csv', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(async (db) => {
      await importSeed(db.dataSource);
      // Names as a hostile or careless editor could leave them: each would run as a formula.
      await db.dataSource.getRepository(ProgramEntity).update({ slug: 'sba' }, { name: '=HYPERLINK("http://x")' });
      const spec = await db.dataSource.getRepository(SpecEntity).findOneOrFail({ where: {}, order: { id: 'ASC' } });
      await db.dataSource.getRepository(SpecEntity).update(spec.id, { title: '@SUM(1+1)' });
    });
  });
  afterAll(() => server.close());

  it('escapes cells a spreadsheet would run as formulas, and leaves the others as they are', async () => {
    const response = await fetch(`${server.url}/export/catalogue.csv`);
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv).toMatch(/(^|,)'@SUM\(1\+1\)/m);
    expect(csv).not.toMatch(/(^|,)@SUM/m);
    // Ordinary cells and the ISO dates are untouched.
    expect(csv).toMatch(/^Category,Program,Admission status/);
    expect(csv).toMatch(/,SEEKING_PARTNERS,|,NOT_SEEKING_PARTNERS,/);
  });

  it('keeps the JSON export as written: JSON is not read as formulas', async () => {
    const response = await fetch(`${server.url}/export/catalogue.json`);
    const { programs } = (await response.json()) as { programs: Array<{ name: string }> };
    expect(programs.map(({ name }) => name)).toContain('=HYPERLINK("http://x")');
  });
});
