import type { DataSource } from 'typeorm';
import { sqliteReader } from '../../db/sqlite-reader.js';

/** The one row of `catalog_revision`; it is bumped only by modules/change/record-change.ts. */
export const CATALOG_REVISION_ROW_ID = 1;
const READ_REVISION = `SELECT revision FROM catalog_revision WHERE id = ${CATALOG_REVISION_ROW_ID}`;
/** PostgreSQL: what a transaction changing public data takes first (see `inCatalogTransaction`). */
export const LOCK_CATALOG_REVISION = `${READ_REVISION} FOR UPDATE`;

/** Reads the committed catalogue revision: what every cached public answer is checked against. */
export type CatalogRevisionReader = () => Promise<number>;

/**
 * The cheapest read of the revision each database allows that still sees every write committed
 * before the request arrived, from any process, and nothing uncommitted (an answer kept under a
 * revision that a rollback takes back would be served until the next change). Requests share a
 * read that starts after they all arrived. SQLite: a prepared statement on the read-only
 * better-sqlite3 connection itself (TypeORM's own path costs a hundred times more), once per turn
 * of the event loop for every request that came during its poll phase. PostgreSQL: requests that
 * arrive while a read is under way share the next one.
 */
export function catalogRevisionReader(dataSource: DataSource): CatalogRevisionReader {
  const reader = sqliteReader(dataSource);
  if (reader) {
    const statement = reader.prepare(READ_REVISION).pluck();
    return afterPollPhase(() => Number(statement.get() ?? 0));
  }
  return coalesced(() => readCatalogRevision(dataSource));
}

export async function readCatalogRevision(dataSource: DataSource): Promise<number> {
  const rows: Array<{ revision: number | string }> = await dataSource.query(READ_REVISION);
  return Number(rows[0]?.revision ?? 0);
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
