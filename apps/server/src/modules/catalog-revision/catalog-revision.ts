import type { DataSource, EntityManager } from 'typeorm';
import { CatalogRevisionEntity } from './catalog-revision.entity.js';

const ROW_ID = 1;
const READ_REVISION = `SELECT revision FROM catalog_revision WHERE id = ${ROW_ID}`;

/** Inside the transaction of a change to public data: makes every cached public response stale. */
export async function bumpCatalogRevision(manager: EntityManager): Promise<void> {
  await manager.increment(CatalogRevisionEntity, { id: ROW_ID }, 'revision', 1);
}

/** Reads the committed catalogue revision: what every cached public answer is checked against. */
export type CatalogRevisionReader = () => number | Promise<number>;

/**
 * The cheapest read of the revision each database allows, still one real statement per request
 * so that a write from any process shows at once. SQLite: a prepared statement on better-sqlite3
 * itself, synchronous (about a microsecond; TypeORM's own path costs a hundred times more).
 * PostgreSQL: requests that arrive while a read is under way share the next one, which starts
 * after they arrived, so it still sees every write committed before them.
 */
export function catalogRevisionReader(dataSource: DataSource): CatalogRevisionReader {
  if (dataSource.options.type === 'better-sqlite3') {
    const database = (dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
    const statement = database.prepare(READ_REVISION).pluck();
    return () => Number(statement.get() ?? 0);
  }
  return coalesced(() => readCatalogRevision(dataSource));
}

export async function readCatalogRevision(dataSource: DataSource): Promise<number> {
  const rows: Array<{ revision: number | string }> = await dataSource.query(READ_REVISION);
  return Number(rows[0]?.revision ?? 0);
}

interface SqliteDatabase {
  prepare(sql: string): { pluck(): { get(): unknown } };
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
