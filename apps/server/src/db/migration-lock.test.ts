import { describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../test/test-database.js';
import { openDatabase } from './data-source.js';
import { MIGRATIONS } from './migrations/index.js';

const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

/**
 * Issue 13, item 11: instances that start together on a fresh database. Without the advisory
 * lock both read "nothing executed" and both run the first migration, and one fails.
 */
describe.skipIf(!ON_POSTGRES)(
  ON_POSTGRES
    ? 'migrations started by two instances at once'
    : 'migrations started by two instances at once (skipped: SQLite serves one instance per file, see README)',
  () => {
    it('both open the database, and each migration ran once', async () => {
      const database = await createEmptyDatabase();
      try {
        const opened = await Promise.allSettled([openDatabase(database.url), openDatabase(database.url)]);
        try {
          expect(opened.map((result) => (result.status === 'rejected' ? String(result.reason) : 'opened'))).toEqual([
            'opened',
            'opened',
          ]);
          const [first] = opened;
          if (first?.status !== 'fulfilled') throw new Error('unreachable');
          const executed = (await first.value.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
          expect(executed.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
        } finally {
          for (const result of opened) if (result.status === 'fulfilled') await result.value.destroy();
        }
      } finally {
        await database.drop();
      }
    });
  },
);
