import { randomUUID } from 'node:crypto';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import { WatchTrigger } from '@certhub/domain/watch';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalogRevision } from '../../platform/catalog-revision/catalog-revision.js';
import { changeTopic, onChangeSignal, outboxTopic } from '../../platform/change-signal.js';
import { NotificationEntity } from '../../platform/notification/notification.entity.js';
import type { AuditActor } from '../../shared/request-context.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CategoryEntity } from '../category/category.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramEditService } from '../program/program-edit.service.js';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { ProgramWatchEntity } from '../watch/program-watch.entity.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity, WebhookEvent } from '../webhook/webhook.entities.js';
import { inCatalogTransaction, recordChange } from './record-change.js';

const BY: AuditActor = { actor: 'editor@example.com', actorId: null, requestId: null };

/** Everything a status change causes, counted on one connection (a transaction's, or the committed state). */
async function consequences(manager: EntityManager) {
  return {
    auditEvents: await manager.count(AuditEventEntity),
    statusHistory: await manager.count(ProgramStatusChangeEntity),
    revision: Number(
      ((await manager.query('SELECT revision FROM catalog_revision WHERE id = 1')) as Array<{ revision: number | string }>)[0]
        ?.revision,
    ),
    watcherEmails: await manager.count(NotificationEntity, { where: { kind: 'watch-status-changed' } }),
    webhookDeliveries: await manager.count(WebhookDeliveryEntity),
  };
}

const ONE_OF_EACH = { auditEvents: 1, statusHistory: 1, revision: 1, watcherEmails: 1, webhookDeliveries: 1 };

const plus = (before: Awaited<ReturnType<typeof consequences>>, added: typeof ONE_OF_EACH) => ({
  auditEvents: before.auditEvents + added.auditEvents,
  statusHistory: before.statusHistory + added.statusHistory,
  revision: before.revision + added.revision,
  watcherEmails: before.watcherEmails + added.watcherEmails,
  webhookDeliveries: before.webhookDeliveries + added.webhookDeliveries,
});

describe('recordChange: every consequence of a write, from one place', () => {
  let database: TestDatabase;
  let program: ProgramEntity;
  /** Signals received, by topic, since the last `takeSignals`. */
  let signals: string[] = [];
  let stopListening: () => void;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { manager } = database.dataSource;
    const category = await manager.save(
      manager.create(CategoryEntity, { slug: 'devices', name: 'Devices', position: 0, version: 1 }),
    );
    program = await manager.save(
      manager.create(ProgramEntity, {
        slug: 'sba',
        name: 'SBA',
        categoryId: category.id,
        position: 0,
        admissionStatus: AdmissionStatus.NOT_SEEKING_PARTNERS,
        statusChangedAt: new Date(),
        version: 1,
      }),
    );
    await manager.insert(ProgramWatchEntity, {
      programId: program.id,
      email: 'watcher@example.com',
      trigger: WatchTrigger.ANY_STATUS_CHANGE,
      confirmTokenHash: 'x'.repeat(64),
      unsubscribeTokenHash: 'y'.repeat(64),
      confirmedAt: new Date(),
    });
    await manager.insert(WebhookEndpointEntity, {
      name: 'Partner',
      url: 'http://127.0.0.1:9/hook',
      events: [WebhookEvent.PROGRAM_STATUS_CHANGED],
      secret: 'whsec_test',
      active: true,
    });
    const topics = [
      changeTopic('Program'),
      outboxTopic(database.dataSource, NotificationEntity),
      outboxTopic(database.dataSource, WebhookDeliveryEntity),
    ];
    const stops = topics.map((topic) => onChangeSignal(database.dataSource, [topic], () => signals.push(topic)));
    stopListening = () => {
      for (const stop of stops) stop();
    };
  });
  afterAll(async () => {
    stopListening();
    await database.destroy();
  });

  const takeSignals = () => {
    const taken = signals.toSorted();
    signals = [];
    return taken;
  };
  const everySignalOnce = () =>
    [
      changeTopic('Program'),
      outboxTopic(database.dataSource, NotificationEntity),
      outboxTopic(database.dataSource, WebhookDeliveryEntity),
    ].toSorted();

  /** The status change a service makes: the program row, then what it changed, to `recordChange`. */
  const changeStatus = async (manager: EntityManager, to: AdmissionStatus) => {
    const before = await manager.findOneByOrFail(ProgramEntity, { id: program.id });
    const changedAt = new Date();
    await manager.update(ProgramEntity, program.id, {
      admissionStatus: to,
      statusChangedAt: changedAt,
      version: before.version + 1,
    });
    await recordChange(manager, {
      audit: [
        {
          ...BY,
          batchId: randomUUID(),
          entityType: 'Program',
          entityId: String(program.id),
          action: 'admission-status-changed',
          summary: `${before.name}: ${before.admissionStatus} → ${to}`,
          changes: { admissionStatus: { from: before.admissionStatus, to } },
        },
      ],
      statusMoves: [{ program: before, from: before.admissionStatus, to, changedAt }],
    });
  };

  const otherStatus = async () => {
    const current = await database.dataSource.manager.findOneByOrFail(ProgramEntity, { id: program.id });
    return current.admissionStatus === AdmissionStatus.SEEKING_PARTNERS
      ? AdmissionStatus.NOT_SEEKING_PARTNERS
      : AdmissionStatus.SEEKING_PARTNERS;
  };

  it('writes the audit row, the history row, the revision, the watcher email and the webhook delivery in the writing transaction, and signals once after commit', async () => {
    const before = await consequences(database.dataSource.manager);
    const to = await otherStatus();
    let inside: Awaited<ReturnType<typeof consequences>> | null = null;
    let seenFromOutside: Awaited<ReturnType<typeof consequences>> | null = null;
    let signalsInside: string[] = [];
    takeSignals();
    await inCatalogTransaction(database.dataSource, async (manager) => {
      await changeStatus(manager, to);
      inside = await consequences(manager);
      // Another connection (on SQLite, the read-only one) sees none of it before the commit.
      seenFromOutside = await consequences(database.dataSource.manager);
      signalsInside = takeSignals();
    });
    expect(inside).toEqual(plus(before, ONE_OF_EACH));
    expect(seenFromOutside).toEqual(before);
    expect(signalsInside).toEqual([]);
    expect(await consequences(database.dataSource.manager)).toEqual(plus(before, ONE_OF_EACH));
    expect(takeSignals()).toEqual(everySignalOnce());
  });

  it('leaves none of them, and signals nothing, when the transaction rolls back', async () => {
    const before = await consequences(database.dataSource.manager);
    const to = await otherStatus();
    let inside: Awaited<ReturnType<typeof consequences>> | null = null;
    takeSignals();
    await expect(
      inCatalogTransaction(database.dataSource, async (manager) => {
        await changeStatus(manager, to);
        inside = await consequences(manager);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(inside).toEqual(plus(before, ONE_OF_EACH));
    expect(await consequences(database.dataSource.manager)).toEqual(before);
    expect(await readCatalogRevision(database.dataSource)).toBe(before.revision);
    expect(takeSignals()).toEqual([]);
  });

  it('is the path a service takes: one status change through ProgramEditService sets off each consequence once', async () => {
    const before = await consequences(database.dataSource.manager);
    const current = await database.dataSource.manager.findOneByOrFail(ProgramEntity, { id: program.id });
    takeSignals();
    await new ProgramEditService(database.dataSource).setAdmissionStatus(
      { programId: program.id, status: await otherStatus(), expectedVersion: current.version },
      BY,
    );
    expect(await consequences(database.dataSource.manager)).toEqual(plus(before, ONE_OF_EACH));
    expect(takeSignals()).toEqual(everySignalOnce());
  });

  it('bumps nothing public and writes no outbox row for a change the public cannot see', async () => {
    const before = await consequences(database.dataSource.manager);
    takeSignals();
    await inCatalogTransaction(database.dataSource, (manager) =>
      recordChange(manager, {
        audit: [
          {
            ...BY,
            batchId: randomUUID(),
            entityType: 'User',
            entityId: '1',
            action: 'user-updated',
            summary: 'A staff account changed',
            changes: null,
          },
        ],
      }),
    );
    expect(await consequences(database.dataSource.manager)).toEqual({ ...before, auditEvents: before.auditEvents + 1 });
    expect(takeSignals()).toEqual([]);
  });
});
