import {
  type DataSource,
  type EntityTarget,
  type FindOptionsSelect,
  type FindOptionsWhere,
  IsNull,
  LessThanOrEqual,
  type ObjectLiteral,
  Or,
  type Repository,
} from 'typeorm';
import { NotificationEntity, NotificationStatus } from '../notification/notification.entity.js';

/** The connection pool as a scrape sees it. */
export interface PoolReading {
  /** Connections open, busy or idle. */
  open: number;
  idle: number;
  /** Queries waiting for a connection: above 0 for long, the pool is too small or queries too slow. */
  waiting: number;
  /** The most connections the pool may open. */
  max: number;
}

/** What node-postgres's Pool exposes, which TypeORM's PostgreSQL driver keeps as `master`. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** node-postgres's own default for `max`, which createDataSource sets anyway. */
const PG_DEFAULT_MAX = 10;
const CLOSED: PoolReading = { open: 0, idle: 0, waiting: 0, max: 0 };

/** The pool of `dataSource` now; all zeros while it is not open (before start-up, after shutdown). */
export function readPool(dataSource: DataSource): PoolReading {
  if (!dataSource.isInitialized) return CLOSED;
  if (dataSource.options.type === 'postgres') {
    const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return CLOSED;
    return { open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options?.max ?? PG_DEFAULT_MAX };
  }
  // better-sqlite3 has one connection and runs each statement synchronously: whenever JavaScript
  // (this code) runs, no statement does, so the connection is idle and nothing waits.
  return { open: 1, idle: 1, waiting: 0, max: 1 };
}

/**
 * A table used as a queue: rows wait in a pending status until due, then are worked off, and end
 * in a failed status when given up. The notification outbox is one; a webhook delivery table
 * would be described the same way and added to `createMetrics({ queues })`.
 */
export interface QueueTable<Entity extends ObjectLiteral = ObjectLiteral> {
  /** The `queue` label. */
  name: string;
  entity: EntityTarget<Entity>;
  statusProperty: keyof Entity & string;
  /** When a pending row is due (its next attempt); it should be worked off soon after. */
  dueProperty: keyof Entity & string;
  /** Until when a worker holds a pending row it is working on: not late meanwhile. */
  leaseProperty?: keyof Entity & string;
  pendingStatus: string;
  failedStatus: string;
}

export const NOTIFICATION_QUEUE: QueueTable<NotificationEntity> = {
  name: 'notification',
  entity: NotificationEntity,
  statusProperty: 'status',
  dueProperty: 'nextAttemptAt',
  leaseProperty: 'leasedUntil',
  pendingStatus: NotificationStatus.PENDING,
  failedStatus: NotificationStatus.FAILED,
};

/** A queue as a scrape sees it. */
export interface QueueReading {
  /** Rows waiting, due or not; at most the count cap. */
  pending: number;
  /** Rows given up; at most the count cap. */
  failed: number;
  /** How late the worker is: seconds since the oldest pending row not being worked on fell due; 0 when none is due. */
  oldestDueAgeSeconds: number;
}

/**
 * Counts stop at this many rows, so that a scrape stays cheap however large a backlog grows (or
 * however many failed rows accumulate): past it, the figure only says "at least this many".
 */
export const DEFAULT_QUEUE_COUNT_CAP = 10_000;

/**
 * Reads a queue with three small queries, one after another so that a scrape never holds more
 * than one pooled connection: two counts that stop at `countCap`, and the oldest due row. The
 * outboxes' partial indexes answer each without a scan: the due index the pending rows (and the
 * oldest due one), the failed index the failed ones.
 */
export async function readQueue(
  dataSource: DataSource,
  queue: QueueTable,
  { now = new Date(), countCap = DEFAULT_QUEUE_COUNT_CAP }: { now?: Date; countCap?: number } = {},
): Promise<QueueReading> {
  const repository = dataSource.getRepository(queue.entity);
  const pending = await cappedCount(repository, queue.statusProperty, queue.pendingStatus, countCap);
  const failed = await cappedCount(repository, queue.statusProperty, queue.failedStatus, countCap);
  const oldestDue = await oldestDueAt(repository, queue, now);
  const oldestDueAgeSeconds = oldestDue ? Math.max(0, (now.getTime() - oldestDue.getTime()) / 1000) : 0;
  return { pending, failed, oldestDueAgeSeconds };
}

async function cappedCount(
  repository: Repository<ObjectLiteral>,
  statusProperty: string,
  status: string,
  cap: number,
): Promise<number> {
  const [rowsSql, parameters] = repository
    .createQueryBuilder('item')
    .select('1')
    .where(`item.${statusProperty} = :status`, { status })
    .limit(cap)
    .getQueryAndParameters();
  const rows = (await repository.query(`SELECT COUNT(*) AS count FROM (${rowsSql}) capped`, parameters)) as Array<{
    count: number | string;
  }>;
  return Number(rows[0]?.count ?? 0);
}

/** Through the repository's find, so that TypeORM converts the date both ways on either database. */
async function oldestDueAt(repository: Repository<ObjectLiteral>, queue: QueueTable, now: Date): Promise<Date | null> {
  // The property names are only known at run time, hence the casts to TypeORM's option types.
  const where = {
    [queue.statusProperty]: queue.pendingStatus,
    [queue.dueProperty]: LessThanOrEqual(now),
    ...(queue.leaseProperty ? { [queue.leaseProperty]: Or(IsNull(), LessThanOrEqual(now)) } : {}),
  } as FindOptionsWhere<ObjectLiteral>;
  const oldest = await repository.findOne({
    select: { [queue.dueProperty]: true } as FindOptionsSelect<ObjectLiteral>,
    where,
    order: { [queue.dueProperty]: 'ASC' },
  });
  const due: unknown = oldest?.[queue.dueProperty];
  return due instanceof Date ? due : null;
}
