import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramEntity } from '../modules/program/program.entity.js';
import { importSeed } from '../test/seed-catalog.js';
import { countPrepares } from '../test/sqlite-prepares.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import type { SqliteConnection } from './database.js';

/**
 * TypeORM's query builders on SQLite: integers are bound (as INTEGERs), not written into the SQL,
 * so a lookup or a write by id is one statement, prepared once, whatever the id; and the answers
 * are the same on both databases.
 */
describe('query parameters', () => {
  let db: TestDatabase;
  let programs: ProgramEntity[];
  beforeAll(async () => {
    db = await createTestDatabase();
    await importSeed(db.dataSource);
    programs = await db.dataSource.getRepository(ProgramEntity).find({ order: { id: 'ASC' } });
  }, 60_000);
  afterAll(() => db?.destroy());

  it('finds, counts and updates by integer as before', async () => {
    const repository = db.dataSource.getRepository(ProgramEntity);
    expect(programs.length).toBeGreaterThan(10);
    for (const program of programs) expect(await repository.findOneByOrFail({ id: program.id })).toEqual(program);
    const ids = programs.slice(0, 3).map((program) => program.id);
    const found = await repository
      .createQueryBuilder('program')
      .where('program.id IN (:...ids)', { ids })
      .orderBy('program.id')
      .getMany();
    expect(found).toEqual(programs.slice(0, 3));
    const [first] = programs as [ProgramEntity];
    expect(await repository.countBy({ categoryId: first.categoryId, position: first.position })).toBe(1);
    await repository.update({ id: first.id }, { position: first.position + 1000 });
    expect((await repository.findOneByOrFail({ id: first.id })).position).toBe(first.position + 1000);
    await repository.update({ id: first.id }, { position: first.position });
  });

  it('on SQLite, binds integers as INTEGERs and prepares a lookup by id once, whatever the id', async (context) => {
    if (db.dataSource.options.type !== 'better-sqlite3') return context.skip();
    const bound = await db.dataSource
      .createQueryBuilder()
      .select('typeof(:value)', 'type')
      .from(ProgramEntity, 'program')
      .where('program.id = :id', { id: programs[0]?.id, value: 7 })
      .getRawOne<{ type: string }>();
    expect(bound?.type).toBe('integer');
    // Fractions and numbers past 2^53 are written into the SQL as before, and still compare as numbers.
    const repository = db.dataSource.getRepository(ProgramEntity);
    const [first, ...others] = programs as [ProgramEntity, ...ProgramEntity[]];
    expect(await repository.countBy({ id: first.id + 0.5 })).toBe(0);
    expect(await repository.countBy({ id: 2 ** 60 })).toBe(0);
    const connection = (db.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    // A statement no other test runs (TypeORM keeps the statements it prepared), prepared once here.
    const lookUp = (program: ProgramEntity) => repository.countBy({ id: program.id, categoryId: program.categoryId });
    expect(await lookUp(first)).toBe(1);
    const prepares = countPrepares(connection);
    try {
      for (const program of others) expect(await lookUp(program)).toBe(1);
      // Before, each id was a statement of its own: one prepare per program.
      expect(prepares.count()).toBe(0);
    } finally {
      prepares.stop();
    }
  });
});
