import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationEntity } from '../platform/notification/notification.entity.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { createDataSource } from './data-source.js';
import { MIGRATIONS } from './migrations/index.js';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.destroy());

  it('leave nothing for the entities to change (the schema comes only from migrations)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are all applied', async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
  });
});

describe('the outbox leases migration, down and up again', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(() => database.drop());

  it('gives the outboxes back their (status, next_attempt_at) index, keeping an item being sent held', async () => {
    const position = MIGRATIONS.findIndex((migration) => migration.name === 'OutboxLeases1767400000000');
    expect(position).toBeGreaterThanOrEqual(0);
    const later = MIGRATIONS.length - 1 - position;
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
      const postgres = dataSource.options.type === 'postgres';
      const item = (subject: string, leasedUntil: Date | null) => ({
        kind: 'test',
        audience: 'STAFF' as const,
        recipient: null,
        subject,
        body: 'Body',
        status: 'PENDING' as const,
        attempts: leasedUntil ? 1 : 0,
        nextAttemptAt: new Date('2026-01-01T00:00:00Z'),
        leasedUntil,
      });
      await dataSource
        .getRepository(NotificationEntity)
        .insert([item('Waiting', null), item('Being sent', new Date('2026-01-01T00:05:00Z'))]);
      const outboxes = ['notification', 'webhook_delivery'];
      const schema = async () => {
        const runner = dataSource.createQueryRunner();
        try {
          return await Promise.all(
            outboxes.map(async (name) => {
              const table = await runner.getTable(name);
              // TypeORM lists an index's columns in the table's order on PostgreSQL: the due
              // index's own order is the plans' business (outbox-worker.test.ts: no sort).
              const indexes = (table?.indices ?? [])
                .filter((index) => /_(due|failed)$/.test(index.name ?? ''))
                .map((index) => `${index.name} (${[...index.columnNames].sort().join(', ')})${index.where ? ' partial' : ''}`)
                .sort();
              const [options] = postgres
                ? ((await runner.query('SELECT reloptions FROM pg_class WHERE relname = $1', [name])) as Array<{
                    reloptions: string[] | null;
                  }>)
                : [{ reloptions: null }];
              return { indexes, leased: table?.findColumnByName('leased_until') !== undefined, options: options?.reloptions };
            }),
          );
        } finally {
          await runner.release();
        }
      };

      for (let undone = 0; undone <= later; undone++) await dataSource.undoLastMigration();
      expect(await schema()).toEqual(
        outboxes.map((name) => ({ indexes: [`IDX_${name}_due (next_attempt_at, status)`], leased: false, options: null })),
      );
      const held = (await dataSource.query(
        `SELECT subject FROM notification WHERE next_attempt_at > '2026-01-01 00:01:00' ORDER BY subject`,
      )) as Array<{ subject: string }>;
      expect(held.map((row) => row.subject)).toEqual(['Being sent']);

      await dataSource.runMigrations();
      expect(await schema()).toEqual(
        outboxes.map((name) => ({
          indexes: [`IDX_${name}_due (id, next_attempt_at) partial`, `IDX_${name}_failed (id) partial`],
          leased: true,
          options: postgres ? ['fillfactor=90'] : null,
        })),
      );
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
