import type { DataSource } from 'typeorm';
import { badUserInput } from '../../shared/errors.js';
import { type NodeTypeName, toGlobalId } from '../../shared/global-id.js';
import { PUBLIC_ENTITY_TYPES } from '../audit/audit.service.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import type { CatalogChange, CatalogChangePage } from './change-feed.types.js';

export const DEFAULT_CHANGES_PAGE = 100;
export const MAX_CHANGES_PAGE = 500;

/** Fields of public entities that only staff may read: never in the public change feed. */
const STAFF_ONLY_FIELDS = new Set(['internalNotes', 'partnerCapacity']);
const GLOBAL_ID_TYPES = new Set<string>(['Program', 'Category', 'Lab', 'Spec']);

const CURSOR_PREFIX = 'change:';

/**
 * Every public change in the order it was made, read by keyset (the audit event id), so a mirror
 * can sync without re-reading the catalogue. Events commit in id order (see `recordChange`),
 * so paging on while writes happen never skips one.
 */
export class ChangeFeedService {
  constructor(private readonly dataSource: DataSource) {}

  async page(after: string | null | undefined, first: number | null | undefined): Promise<CatalogChangePage> {
    const size = first ?? DEFAULT_CHANGES_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_CHANGES_PAGE) {
      throw badUserInput(`first must be between 1 and ${MAX_CHANGES_PAGE}.`, 'first', { max: MAX_CHANGES_PAGE });
    }
    const afterId = after ? decodeCursor(after) : 0;
    const events = await this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .where('event.entityType IN (:...types)', { types: [...PUBLIC_ENTITY_TYPES] })
      .andWhere('event.id > :afterId', { afterId })
      .orderBy('event.id', 'ASC')
      .limit(size + 1)
      .getMany();
    const changes = events.slice(0, size).map(toPublicChange);
    return { changes, endCursor: changes.at(-1)?.cursor ?? after ?? null, hasMore: events.length > size, first: size };
  }
}

function toPublicChange(event: AuditEventEntity): CatalogChange {
  return {
    cursor: Buffer.from(`${CURSOR_PREFIX}${event.id}`, 'utf8').toString('base64url'),
    occurredAt: event.occurredAt,
    entityType: event.entityType,
    entityId: GLOBAL_ID_TYPES.has(event.entityType)
      ? toGlobalId(event.entityType as NodeTypeName, Number(event.entityId))
      : event.entityId,
    action: event.action,
    summary: event.summary,
    changes: Object.entries(event.changes ?? {})
      .filter(([field]) => !STAFF_ONLY_FIELDS.has(field))
      .map(([field, { from, to }]) => ({ field, from, to })),
  };
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(id) || id < 0) {
    throw badUserInput(`"${cursor}" is not a cursor of the change feed.`, 'after');
  }
  return id;
}
