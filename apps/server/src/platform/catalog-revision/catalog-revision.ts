import type { DataSource } from 'typeorm';
import { sqliteReader } from '../../db/sqlite-reader.js';
import { logger } from '../../shared/logger.js';

/** The one row of `catalog_revision`; it is bumped only by modules/change/record-change.ts. */
export const CATALOG_REVISION_ROW_ID = 1;
const READ_REVISION = `SELECT revision FROM catalog_revision WHERE id = ${CATALOG_REVISION_ROW_ID}`;
/** PostgreSQL: what a transaction changing public data takes first (see `inCatalogTransaction`). */
export const LOCK_CATALOG_REVISION = `${READ_REVISION} FOR UPDATE`;

/** The committed catalogue revision, and whether reading it took a statement (the X-SQL-Statements count). */
export interface RevisionReading {
  revision: number;
  fromDatabase: boolean;
}

/** Reads the committed catalogue revision: what every cached public answer is checked against. */
export type CatalogRevisionReader = () => Promise<RevisionReading>;

/** A revision pushed to this process (PostgreSQL: revision-listener.ts), trusted only when it says so. */
export interface PushedRevision {
  /** This process's row in `catalog_revision_listener`. */
  readonly instanceId: string;
  /** The committed revision, or null when the push channel is not known healthy. */
  current(): number | null;
  /** This process committed `revision`: nothing older may be answered from now on. */
  noteCommitted(revision: number): void;
}

const pushedRevisions = new WeakMap<DataSource, PushedRevision>();

/** From now on the readers of `dataSource` take the revision from `pushed` while it vouches for it. */
export function usePushedRevision(dataSource: DataSource, pushed: PushedRevision): void {
  pushedRevisions.set(dataSource, pushed);
}

/** How long a writer waits at most for the other instances to take its revision in; then it answers anyway (logged). */
const SEEN_WAIT_LIMIT_MS = 10_000;
/** The instances that may trust a pushed revision older than $1 (a running lease, not seen it yet), this one aside. */
const BEHIND = `SELECT count(*)::int AS behind FROM catalog_revision_listener
  WHERE seen_revision < $1 AND lease_until > clock_timestamp() AND instance_id <> $2`;

/**
 * After a commit of this process moved the revision to `revision` (record-change.ts), before the
 * write is acknowledged. This process takes it in at once; on PostgreSQL, the write is answered
 * only once no other instance can trust an older pushed revision: each one with a running lease
 * has reported it saw `revision` (revision-listener.ts has the argument), or its lease ran out.
 * Polled on the driver's pool, every 1 ms at first, then at most every 20 ms: the notification and
 * each instance's report take a few milliseconds, an instance that died silently its lease.
 */
export async function acknowledgeCommittedRevision(dataSource: DataSource, revision: number): Promise<void> {
  const pushed = pushedRevisions.get(dataSource);
  pushed?.noteCommitted(revision);
  if (dataSource.options.type !== 'postgres') return;
  const started = performance.now();
  for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
    const rows = await queryOnPool<{ behind: number }>(dataSource, BEHIND, [revision, pushed?.instanceId ?? '']);
    if (Number(rows[0]?.behind ?? 0) === 0) return;
    if (performance.now() - started > SEEN_WAIT_LIMIT_MS) {
      logger.warn(`Revision ${revision}: an instance neither reported it nor let its lease run out; answering anyway.`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * The cheapest read of the revision each database allows that still sees every write committed
 * before the request arrived, from any process, and nothing uncommitted (an answer kept under a
 * revision that a rollback takes back would be served until the next change). Requests share a
 * read that starts after they all arrived. SQLite: a prepared statement on the read-only
 * better-sqlite3 connection itself (TypeORM's own path costs a hundred times more), once per turn
 * of the event loop for every request that came during its poll phase. PostgreSQL: the revision
 * pushed by LISTEN/NOTIFY while that channel is known healthy (revision-listener.ts), taken in the
 * check phase, after every notification read in the poll phase was handled; otherwise requests
 * that arrive while a read is under way share the next one, made on the driver's pool directly.
 */
export function catalogRevisionReader(dataSource: DataSource): CatalogRevisionReader {
  const reader = sqliteReader(dataSource);
  if (reader) {
    const statement = reader.prepare(READ_REVISION).pluck();
    return afterPollPhase(() => ({ revision: Number(statement.get() ?? 0), fromDatabase: true }));
  }
  const fromDatabase = coalesced(async () => ({ revision: await readRevisionFromPool(dataSource), fromDatabase: true }));
  const pushed = afterPollPhase(() => pushedRevisions.get(dataSource)?.current() ?? null);
  return async () => {
    const revision = await pushed();
    return revision === null ? fromDatabase() : { revision, fromDatabase: false };
  };
}

export async function readCatalogRevision(dataSource: DataSource): Promise<number> {
  const rows: Array<{ revision: number | string }> = await dataSource.query(READ_REVISION);
  return Number(rows[0]?.revision ?? 0);
}

/** PostgreSQL, on the driver's pool: TypeORM's query path would cost more than the statement. */
async function readRevisionFromPool(dataSource: DataSource): Promise<number> {
  const rows = await queryOnPool<{ revision: number | string }>(dataSource, READ_REVISION);
  return Number(rows[0]?.revision ?? 0);
}

async function queryOnPool<Row>(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  const pool = (
    dataSource.driver as unknown as { master?: { query(sql: string, parameters: unknown[]): Promise<{ rows: Row[] }> } }
  ).master;
  if (!pool) return dataSource.query(sql, parameters);
  const { rows } = await pool.query(sql, parameters);
  return rows;
}

/**
 * Runs `read` once in the check phase of the event loop for every caller of this turn: every
 * request handled in the poll phase arrived before it, so it sees what any of them could.
 */
function afterPollPhase<T>(read: () => T): () => Promise<T> {
  let waiting: Promise<T> | null = null;
  return () => {
    waiting ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        waiting = null;
        try {
          resolve(read());
        } catch (error) {
          reject(error);
        }
      });
    });
    return waiting;
  };
}

/**
 * At most one `read` runs at a time; a caller that comes while one runs waits for the next,
 * shared with everyone else who came meanwhile (a read that began before a caller came might
 * miss a write that caller already saw acknowledged).
 */
export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const current = read().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (next) return next;
    if (!running) return start();
    const queued = running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    next = queued;
    return queued;
  };
}
