import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity.js';

export type AuditEventInput = Pick<
  AuditEventEntity,
  'batchId' | 'actor' | 'entityType' | 'entityId' | 'action' | 'summary' | 'changes'
>;

/** Every change is recorded through here, inside the transaction that makes the change. */
export async function recordAuditEvents(manager: EntityManager, events: AuditEventInput[]): Promise<void> {
  if (events.length) await manager.save(AuditEventEntity, events, { reload: false, chunk: 200 });
}
