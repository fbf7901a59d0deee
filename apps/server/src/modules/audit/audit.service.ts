import type { DataSource } from 'typeorm';
import { expectGlobalId, parseGlobalId } from '../../shared/global-id.js';
import { type Connection, type PageRequest, paginate } from '../../shared/pagination.js';
import type { AuditLogFilterInput } from './audit.inputs.js';
import { AuditEventEntity } from './audit-event.entity.js';

/** One audit event to record; written by `recordChange` (modules/change/record-change.ts). */
export type AuditEventInput = Pick<
  AuditEventEntity,
  'batchId' | 'actor' | 'entityType' | 'entityId' | 'action' | 'summary' | 'changes'
> &
  Partial<Pick<AuditEventEntity, 'actorId' | 'requestId' | 'reason' | 'effectiveAt'>>;

/** Entity types whose changes the public can see: their events make cached public responses stale. */
export const PUBLIC_ENTITY_TYPES = new Set(['Program', 'Category', 'Lab', 'Spec', 'HowToJoin', 'CertifiedProduct', 'Vendor']);

/**
 * Entity types only admins may read the trail of: a webhook endpoint's events name its address,
 * which often carries a token of the receiver's. Editors read the rest of the trail.
 */
export const ADMIN_ONLY_ENTITY_TYPES: readonly string[] = ['WebhookEndpoint'];

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

/** Reads the audit trail for staff, newest first. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  findPage(
    filter: AuditLogFilterInput | null | undefined,
    page: PageRequest,
    reader: { admin: boolean },
  ): Promise<Connection<AuditEventEntity>> {
    const query = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .orderBy('event.occurredAt', 'DESC')
      .addOrderBy('event.id', 'DESC');
    // Left out rather than redacted: the summary names the address as much as any field does.
    if (!reader.admin) query.andWhere('event.entityType NOT IN (:...adminOnly)', { adminOnly: ADMIN_ONLY_ENTITY_TYPES });
    if (filter?.entityType) query.andWhere('event.entityType = :entityType', { entityType: filter.entityType });
    if (filter?.entityId) query.andWhere('event.entityId = :entityId', { entityId: databaseIdOf(filter.entityId) });
    if (filter?.actorId)
      query.andWhere('event.actorId = :actorId', { actorId: expectGlobalId(filter.actorId, 'User', 'filter.actorId') });
    if (filter?.from) query.andWhere('event.occurredAt >= :from', { from: filter.from });
    if (filter?.to) query.andWhere('event.occurredAt < :to', { to: filter.to });
    return paginate(page, async ({ offset, limit }) => {
      const [rows, totalCount] = await query.clone().offset(offset).limit(limit).getManyAndCount();
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }
}

/** Audit events name entities by database id; staff tools hold global ids. Either is accepted. */
function databaseIdOf(entityId: string): string {
  const parsed = parseGlobalId(entityId);
  return parsed ? String(parsed.id) : entityId;
}
