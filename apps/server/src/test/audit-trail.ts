import { type DataSource, MoreThan } from 'typeorm';
import { AuditEventEntity } from '../modules/audit/audit-event.entity.js';

/**
 * Starts watching the audit trail: the function answers every event written since, oldest first,
 * so a test can say exactly which events a request wrote (and that a refused one wrote none).
 */
export async function watchAuditTrail(dataSource: DataSource): Promise<() => Promise<AuditEventEntity[]>> {
  const events = dataSource.getRepository(AuditEventEntity);
  const [last] = await events.find({ order: { id: 'DESC' }, take: 1 });
  const mark = last?.id ?? 0;
  return () => events.find({ where: { id: MoreThan(mark) }, order: { id: 'ASC' } });
}

/** The database id inside a global id, as audit events name entities. */
export function databaseIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] ?? '';
}
