import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { autovacuumProblems, warnWhenAutovacuumIsOff } from './postgres-maintenance.js';

describe('the start-up check of PostgreSQL maintenance', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.destroy());

  const recorder = () => {
    const warnings: string[] = [];
    return { warnings, log: { warn: (message: string) => warnings.push(message) } };
  };

  it.runIf(process.env.TEST_DATABASE_URL?.startsWith('postgres') !== true)('has nothing to say on SQLite', async () => {
    const { warnings, log } = recorder();
    expect(await warnWhenAutovacuumIsOff(db.dataSource, log)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it.runIf(process.env.TEST_DATABASE_URL?.startsWith('postgres') === true)(
    "reports the server's autovacuum setting as it is, and a table whose autovacuum is disabled",
    async () => {
      const [setting] = (await db.dataSource.query(`SELECT current_setting('autovacuum') AS autovacuum`)) as Array<{
        autovacuum: string;
      }>;
      const autovacuum = setting?.autovacuum;
      const serverProblem = 'the server setting autovacuum is off';
      const before = await autovacuumProblems((sql) => db.dataSource.query(sql));
      expect(before.includes(serverProblem)).toBe(autovacuum !== 'on');
      expect(before.some((problem) => problem.includes('disabled on the tables'))).toBe(false);

      await db.dataSource.query('ALTER TABLE catalog_revision SET (autovacuum_enabled = false)');
      await db.dataSource.query('ALTER TABLE notification SET (autovacuum_enabled = off)');
      const { warnings, log } = recorder();
      const after = await warnWhenAutovacuumIsOff(db.dataSource, log);
      expect(after).toContain('autovacuum is disabled on the tables catalog_revision, notification');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('VACUUM (ANALYZE)');
      expect(warnings[0]).toContain('catalog_revision, notification');

      await db.dataSource.query('ALTER TABLE catalog_revision RESET (autovacuum_enabled)');
      await db.dataSource.query('ALTER TABLE notification RESET (autovacuum_enabled)');
      expect(await autovacuumProblems((sql) => db.dataSource.query(sql))).toEqual(before);
    },
  );
});
