import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity.js';

export type AuditEventInput = Pick<
  AuditEventEntity,
  'batchId' | 'actor' | 'entityType' | 'entityId' | 'action' | 'summary' | 'changes'
> &
  Partial<Pick<AuditEventEntity, 'actorId' | 'requestId' | 'reason'>>;

/** Every change is recorded through here, inside the transaction that makes the change. */
export async function recordAuditEvents(manager: EntityManager, events: AuditEventInput[]): Promise<void> {
  if (events.length) await manager.save(AuditEventEntity, events, { reload: false, chunk: 200 });
}

/** The fields whose values differ, as the audit trail's before/after. */
export function fieldChanges<T extends Record<string, unknown>>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
}
