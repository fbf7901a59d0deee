import { AdmissionStatus } from '@certhub/domain/admission-status';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/data-source.js';
import { ManualClock } from '../../test/manual-clock.js';
import { importSeed } from '../../test/seed-catalog.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramEditService } from '../program/program-edit.service.js';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { ScheduledChangeRunner } from './scheduled-change.runner.js';
import { ScheduledChangeService } from './scheduled-change.service.js';

const HOUR = 3_600_000;
const ON_POSTGRES = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const EDITOR = { actor: 'editor@example.com', actorId: null, requestId: null };

/** One instance's scheduled changes: its own DataSource and clock. */
const instance = (dataSource: DataSource, clock: ManualClock) =>
  new ScheduledChangeService(dataSource, new ProgramEditService(dataSource), clock);

describe('scheduled changes across a restart and between instances', () => {
  let db: TestDatabase;
  const t0 = new Date();
  beforeAll(async () => {
    db = await createTestDatabase();
    await importSeed(db.dataSource);
  });
  afterAll(() => db.destroy());

  const programBySlug = (slug: string) => db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug });
  const movesOf = (programId: number) =>
    db.dataSource.getRepository(AuditEventEntity).findBy({
      entityType: 'Program',
      entityId: String(programId),
      action: 'admission-status-changed',
    });
  const historyOf = (programId: number) =>
    db.dataSource.getRepository(ProgramStatusChangeEntity).find({ where: { programId }, order: { changedAt: 'ASC', id: 'ASC' } });

  it('applies on start the changes that came due while no instance ran, each recorded at its own moment', async () => {
    const before = await instance(db.dataSource, new ManualClock(t0));
    const sbc = await programBySlug('sbc');
    const gateway = await programBySlug('gateway');
    const first = new Date(t0.getTime() + HOUR);
    const second = new Date(t0.getTime() + 2 * HOUR);
    await before.schedule(
      { programId: sbc.id, effectiveAt: first, admissionStatus: AdmissionStatus.SEEKING_PARTNERS, reason: 'Opening' },
      EDITOR,
    );
    await before.schedule(
      { programId: gateway.id, effectiveAt: second, changes: { partnerCapacity: 12 }, reason: 'Capacity' },
      EDITOR,
    );
    const notYet = new Date(t0.getTime() + 3 * HOUR);
    await before.schedule(
      {
        programId: gateway.id,
        effectiveAt: new Date(notYet.getTime() + HOUR),
        admissionStatus: AdmissionStatus.SEEKING_PARTNERS,
        reason: 'Later',
      },
      EDITOR,
    );

    // The server was down from t0 until t0 + 3 h: the new one catches up when it starts.
    const clock = new ManualClock(notYet);
    const runner = new ScheduledChangeRunner(db.dataSource, instance(db.dataSource, clock));
    runner.start();
    await runner.idle();

    const opened = await programBySlug('sbc');
    expect(opened.admissionStatus).toBe(AdmissionStatus.SEEKING_PARTNERS);
    expect(opened.statusChangedAt.toISOString()).toBe(first.toISOString());
    expect((await historyOf(sbc.id)).at(-1)?.changedAt.toISOString()).toBe(first.toISOString());
    const [moved] = await movesOf(sbc.id);
    expect(moved?.effectiveAt?.toISOString()).toBe(first.toISOString());
    const resized = await programBySlug('gateway');
    expect(resized.partnerCapacity).toBe(12);
    expect(resized.admissionStatus).toBe(AdmissionStatus.NOT_SEEKING_PARTNERS);
    const [updated] = await db.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityType: 'Program', entityId: String(gateway.id), action: 'program-updated' });
    expect(updated?.effectiveAt?.toISOString()).toBe(second.toISOString());

    // The one still ahead waits for its timer, armed for its moment.
    expect(clock.armedTimers).toBe(1);
    clock.set(new Date(notYet.getTime() + HOUR));
    await runner.idle();
    expect((await programBySlug('gateway')).admissionStatus).toBe(AdmissionStatus.SEEKING_PARTNERS);
    await runner.stop();
    expect(clock.armedTimers).toBe(0);
  });

  // Two DataSources in one process can race for real only on PostgreSQL: on SQLite a second
  // connection waiting for the write lock would block the one thread that holds it. SQLite's two
  // instances are two processes: system/scheduled-changes.test.ts.
  it.skipIf(!ON_POSTGRES)('applies a change once when two instances on two DataSources race for it', async () => {
    const other = await openDatabase(db.url);
    try {
      const moment = new Date(t0.getTime() + 10 * HOUR);
      const scheduler = instance(db.dataSource, new ManualClock(t0));
      const slugs = [
        'ip-phones',
        'pcs',
        'sba',
        'reverse-proxy',
        'load-balancer',
        'migration',
        'contact-center',
        'attendant-console',
      ];
      const programs = await Promise.all(slugs.map(programBySlug));
      for (const program of programs) {
        await scheduler.schedule(
          { programId: program.id, effectiveAt: moment, admissionStatus: AdmissionStatus.SEEKING_PARTNERS, reason: 'Race' },
          EDITOR,
        );
      }
      const after = new Date(moment.getTime() + 1000);
      const [a, b] = await Promise.all([
        instance(db.dataSource, new ManualClock(after)).applyDue(),
        instance(other, new ManualClock(after)).applyDue(),
      ]);
      expect(a.applied + b.applied).toBe(programs.length);
      expect(a.skipped + b.skipped).toBe(0);
      for (const program of programs) {
        expect(await movesOf(program.id)).toHaveLength(1);
        expect((await historyOf(program.id)).map((row) => row.to)).toEqual([
          AdmissionStatus.NOT_SEEKING_PARTNERS,
          AdmissionStatus.SEEKING_PARTNERS,
        ]);
      }
    } finally {
      await other.destroy();
    }
  });
});
