import { readFileSync } from 'node:fs';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import { GraphQLError } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_VERSIONS_FOLDER, seedPage, withStatus } from '../../test/seed-catalog.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { CatalogImportService } from './catalog-import.service.js';
import { SEED_VERSIONS, seedIfEmpty } from './seed.js';

const FIRST_VERSION = readFileSync(new URL('sfb-5957e46e9b.md', PAGE_VERSIONS_FOLDER), 'utf8');
const JUNE_13_2018 = new Date('2018-06-13T00:00:00Z');

async function refusal(work: Promise<unknown>): Promise<GraphQLError> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return error as GraphQLError;
}

describe('imports dated when the page took effect', () => {
  let db: TestDatabase;
  let importer: CatalogImportService;
  beforeEach(async () => {
    db = await createTestDatabase();
    importer = new CatalogImportService(db.dataSource);
  });
  afterEach(() => db.destroy());

  const programs = () => db.dataSource.getRepository(ProgramEntity).find({ order: { id: 'ASC' } });
  const history = () => db.dataSource.getRepository(ProgramStatusChangeEntity).find({ order: { id: 'ASC' } });
  const audit = () => db.dataSource.getRepository(AuditEventEntity).find({ order: { id: 'ASC' } });

  it('dates the statuses, history and audit of an import with --effective, and keeps when it was done', async () => {
    const before = Date.now();
    const result = await importer.importPage(FIRST_VERSION, { effectiveAt: JUNE_13_2018 });
    expect(result.effectiveAt).toEqual(JUNE_13_2018);
    const rows = await programs();
    expect(rows).toHaveLength(16);
    for (const program of rows) {
      expect(program.statusChangedAt).toEqual(JUNE_13_2018);
      expect(program.createdAt).toEqual(JUNE_13_2018);
    }
    const moves = await history();
    expect(moves).toHaveLength(16);
    expect(moves.every((move) => move.changedAt.getTime() === JUNE_13_2018.getTime())).toBe(true);
    const events = await audit();
    expect(events.length).toBe(result.changes.length);
    expect(events.every((event) => event.effectiveAt.getTime() === JUNE_13_2018.getTime())).toBe(true);
    expect(events.every((event) => event.occurredAt.getTime() >= before - 1000)).toBe(true);
  });

  it("takes the page's own ms.date when no date is given", async () => {
    const dated = seedPage.replace('ms.topic: article', 'ms.topic: article\nms.date: 08/06/2019');
    const result = await importer.importPage(dated);
    expect(result.effectiveAt.toISOString()).toBe('2019-08-06T00:00:00.000Z');
    expect((await programs())[0]?.statusChangedAt.toISOString()).toBe('2019-08-06T00:00:00.000Z');
  });

  it('dates an undated page now', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const result = await importer.importPage(seedPage, { now: () => now });
    expect(result.effectiveAt).toEqual(now);
    expect((await history())[0]?.changedAt).toEqual(now);
  });

  it('builds the history the versions imply: a status change counts from its page, the others stay since the first', async () => {
    await importer.importPage(FIRST_VERSION, { effectiveAt: JUNE_13_2018 });
    const september = new Date('2018-09-20T00:00:00Z');
    await importer.importPage(withStatus(FIRST_VERSION, 'Gateway', 'Seeking partners'), { effectiveAt: september });
    const byName = new Map((await programs()).map((program) => [program.name, program]));
    expect(byName.get('Gateway')).toMatchObject({
      admissionStatus: AdmissionStatus.SEEKING_PARTNERS,
      statusChangedAt: september,
    });
    expect(byName.get('IP Phones')?.statusChangedAt).toEqual(JUNE_13_2018);
    const gateway = byName.get('Gateway')?.id;
    const moves = (await history()).filter((move) => move.programId === gateway);
    expect(moves.map((move) => [move.from, move.to, move.changedAt.toISOString()])).toEqual([
      [null, AdmissionStatus.NOT_SEEKING_PARTNERS, JUNE_13_2018.toISOString()],
      [AdmissionStatus.NOT_SEEKING_PARTNERS, AdmissionStatus.SEEKING_PARTNERS, september.toISOString()],
    ]);
  });

  it('refuses a page dated before changes already recorded, and writes nothing', async () => {
    await importer.importPage(FIRST_VERSION, { effectiveAt: new Date('2018-09-20T00:00:00Z') });
    const before = { programs: await programs(), audit: (await audit()).length, history: (await history()).length };
    const error = await refusal(
      importer.importPage(withStatus(FIRST_VERSION, 'Gateway', 'Seeking partners'), { effectiveAt: JUNE_13_2018 }),
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveAt' });
    expect(error.message).toMatch(/before changes already recorded .*2018-09-20.*date order/);
    expect(await programs()).toEqual(before.programs);
    expect((await audit()).length).toBe(before.audit);
    expect((await history()).length).toBe(before.history);
  });

  it('lets an earlier-dated page through when it changes nothing, and the same day twice', async () => {
    const day = new Date('2018-06-22T00:00:00Z');
    await importer.importPage(FIRST_VERSION, { effectiveAt: day });
    await expect(importer.importPage(FIRST_VERSION, { effectiveAt: JUNE_13_2018 })).resolves.toMatchObject({ changes: [] });
    const sameDay = await importer.importPage(withStatus(FIRST_VERSION, 'Gateway', 'Seeking partners'), { effectiveAt: day });
    expect(sameDay.changes.length).toBeGreaterThan(0);
  });

  it('refuses a date in the future, dry run or not', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    for (const dryRun of [true, false]) {
      const error = await refusal(
        importer.importPage(seedPage, { effectiveAt: new Date('2026-12-02T00:00:00Z'), now: () => now, dryRun }),
      );
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveAt' });
      expect(error.message).toMatch(/in the future/);
    }
    expect(await programs()).toEqual([]);
  });

  it('a dry run says it would be refused for an earlier date', async () => {
    await importer.importPage(FIRST_VERSION, { effectiveAt: new Date('2018-09-20T00:00:00Z') });
    const error = await refusal(
      importer.importPage(withStatus(FIRST_VERSION, 'Gateway', 'Seeking partners'), { effectiveAt: JUNE_13_2018, dryRun: true }),
    );
    expect(error.extensions).toMatchObject({ field: 'effectiveAt' });
  });
});

describe('seeding a fresh database from the dated versions of the page', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.destroy());

  it('gives every program its status since June 13, 2018, ends on the current page, and seeds only once', async () => {
    const seeded = await seedIfEmpty(db.dataSource, { directory: false });
    expect(seeded.catalogue?.summary).toMatch(/^16 programs in 6 categories, from 6 dated versions of the page/);
    const programs = await db.dataSource.getRepository(ProgramEntity).find();
    expect(programs).toHaveLength(16);
    expect(programs.every((program) => program.statusChangedAt.getTime() === JUNE_13_2018.getTime())).toBe(true);
    // The statuses never moved on the page: one entry of history per program, from the first version.
    const moves = await db.dataSource.getRepository(ProgramStatusChangeEntity).find();
    expect(moves).toHaveLength(16);
    expect(moves.every((move) => move.from === null && move.changedAt.getTime() === JUNE_13_2018.getTime())).toBe(true);
    // The last version is the current page: importing it again changes nothing.
    await expect(new CatalogImportService(db.dataSource).importPage(seedPage)).resolves.toMatchObject({ changes: [] });
    const effective = new Set(
      (await db.dataSource.getRepository(AuditEventEntity).find()).map((e) => e.effectiveAt.toISOString()),
    );
    expect(
      [...effective].every((date) => SEED_VERSIONS.some((version) => new Date(version.effective).toISOString() === date)),
    ).toBe(true);
    expect(effective.has(JUNE_13_2018.toISOString())).toBe(true);
    expect(await seedIfEmpty(db.dataSource, { directory: false })).toStrictEqual({ catalogue: null, directory: null });
  });

  // SQLite serves one instance per file; PostgreSQL instances seed under the start-up lock.
  it.skipIf(!process.env.TEST_DATABASE_URL)('two instances starting together seed once (PostgreSQL)', async () => {
    const once = { directory: false };
    const results = await Promise.all([seedIfEmpty(db.dataSource, once), seedIfEmpty(db.dataSource, once)]);
    expect(results.filter((result) => result.catalogue !== null)).toHaveLength(1);
    expect(await db.dataSource.getRepository(ProgramStatusChangeEntity).count()).toBe(16);
  });
});
