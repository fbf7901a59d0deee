import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { afterCommit, inTransaction, TRANSACTION_RETRIES, transactionRetries } from './transaction.js';

const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

/**
 * Issue 13, item 8: PostgreSQL rolls back one of two transactions that wait for each other; the
 * one transaction helper runs it again, with only the hooks of the attempt that committed. (On
 * SQLite transactions take turns, so two of them cannot wait for each other.)
 */
describe.skipIf(!ON_POSTGRES)(
  ON_POSTGRES
    ? 'a transaction rolled back by a deadlock'
    : 'a transaction rolled back by a deadlock (skipped: SQLite transactions take turns and never deadlock)',
  () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
      await db.dataSource.query('CREATE TABLE retry_scratch (id integer PRIMARY KEY, n integer NOT NULL)');
      await db.dataSource.query('INSERT INTO retry_scratch (id, n) VALUES (1, 0), (2, 0)');
    });
    afterAll(() => db.destroy());

    it('runs again, and only the committed attempt’s after-commit hooks run', async () => {
      const hooks: string[] = [];
      const attempts = { a: 0, b: 0 };
      // Each transaction has locked its first row before either asks for its second: a sure deadlock.
      let arrive!: () => void;
      let arrived = 0;
      const bothLocked = new Promise<void>((resolve) => {
        arrive = () => {
          if (++arrived === 2) resolve();
        };
      });
      const writer = (name: 'a' | 'b', first: number, second: number) =>
        inTransaction(db.dataSource, async (manager) => {
          const attempt = ++attempts[name];
          await manager.query('UPDATE retry_scratch SET n = n + 1 WHERE id = $1', [first]);
          afterCommit(manager, () => hooks.push(`${name}#${attempt}`));
          if (attempt === 1) {
            arrive();
            await bothLocked;
          }
          await manager.query('UPDATE retry_scratch SET n = n + 1 WHERE id = $1', [second]);
          return attempt;
        });
      const before = transactionRetries(db.dataSource);
      const [a, b] = await Promise.all([writer('a', 1, 2), writer('b', 2, 1)]);

      expect([a, b].sort()).toEqual([1, 2]);
      expect(transactionRetries(db.dataSource) - before).toBe(1);
      expect(hooks.sort()).toEqual([`a#${a}`, `b#${b}`].sort());
      expect(await db.dataSource.query('SELECT id, n FROM retry_scratch ORDER BY id')).toEqual([
        { id: 1, n: 2 },
        { id: 2, n: 2 },
      ]);
    });

    it('gives up after a bounded number of retries, and never retries other errors', async () => {
      let runs = 0;
      const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
      await expect(
        inTransaction(db.dataSource, async () => {
          runs++;
          throw deadlock;
        }),
      ).rejects.toBe(deadlock);
      expect(runs).toBe(TRANSACTION_RETRIES + 1);

      runs = 0;
      await expect(
        inTransaction(db.dataSource, async () => {
          runs++;
          throw new Error('not a database conflict');
        }),
      ).rejects.toThrow('not a database conflict');
      expect(runs).toBe(1);
    });
  },
);
