import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../test/test-database.js';
import { createDataSource, openDatabase } from './data-source.js';
import { MIGRATIONS } from './migrations/index.js';

/** A catalogue written with the first committed schema's SQL, before any later migration existed. */
const FIRST_SCHEMA_ROWS = [
  "INSERT INTO category (id, slug, name, position) VALUES (1, 'devices', 'Devices', 0)",
  `INSERT INTO program (id, slug, name, category_id, position, admission_status, spec_availability, status_changed_at)
     VALUES (1, 'ip-phones', 'IP Phones', 1, 0, 'SEEKING_PARTNERS', 'ON_ADMISSION', '2026-01-02 03:04:05')`,
  "INSERT INTO lab (id, slug, name, url) VALUES (1, 'ast', 'AST', 'http://www.asttechlabs.com/')",
  'INSERT INTO program_lab (program_id, lab_id, position) VALUES (1, 1, 0)',
  "INSERT INTO requirement (id, text, position) VALUES ('proven-record', 'A proven record', 1)",
  `INSERT INTO audit_event (batch_id, actor, entity_type, entity_id, action, summary)
     VALUES ('b1', 'import', 'Program', '1', 'program-added', 'Added IP Phones')`,
];

describe('upgrading a database made with the first committed schema', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(() => database.drop());

  it('keeps every row, and gives the new columns and tables what they need', async () => {
    const first = createDataSource(database.url, { migrations: MIGRATIONS.slice(0, 1) });
    await first.initialize();
    await first.runMigrations();
    for (const statement of FIRST_SCHEMA_ROWS) await first.query(statement);
    await first.destroy();

    const current = await openDatabase(database.url);
    try {
      expect(await current.showMigrations()).toBe(false);
      const [program] = await current.query('SELECT slug, admission_status, version, partner_capacity FROM program');
      expect(program).toEqual({ slug: 'ip-phones', admission_status: 'SEEKING_PARTNERS', version: 1, partner_capacity: null });
      const history = await current.query('SELECT program_id, from_status, to_status FROM program_status_change');
      expect(history).toEqual([{ program_id: 1, from_status: null, to_status: 'SEEKING_PARTNERS' }]);
      expect(await current.query('SELECT version FROM category')).toEqual([{ version: 1 }]);
      expect(await current.query('SELECT lab_id FROM program_lab')).toEqual([{ lab_id: 1 }]);
      expect(await current.query('SELECT actor, actor_id, reason FROM audit_event')).toEqual([
        { actor: 'import', actor_id: null, reason: null },
      ]);
      expect(await current.query('SELECT id FROM requirement')).toEqual([{ id: 'proven-record' }]);
    } finally {
      await current.destroy();
    }
  });
});
