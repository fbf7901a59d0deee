import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Database, databaseOf, type SqliteConnection, type SqliteReads, type SqliteStatement } from './database.js';

/** What TypeORM's better-sqlite3 query runner uses of a statement. */
type RunnableStatement = Pick<SqliteStatement, 'reader' | 'all' | 'run'>;

/**
 * TypeORM drives better-sqlite3 through one connection, so a read made while a write transaction
 * is open on it would see that transaction's uncommitted rows, which a rollback then takes back
 * (and whose ids SQLite hands out again). From here on `inTransaction` runs its transactions on a
 * query runner of their own, and while one is open every statement of the shared query runner
 * (every read not made in that transaction) that only reads runs on a second, read-only
 * connection, which sees only committed data (WAL). Writes, and statements of a transaction the
 * shared runner began itself (a migration), stay on the writer connection; so do reads while no
 * transaction is open (nothing is uncommitted then), which keeps TypeORM's statement cache warm.
 * The connection is chosen when the statement runs, not when TypeORM prepared it, so a transaction
 * that begins in between cannot slip past; nothing is kept per request (no AsyncLocalStorage,
 * whose hooks would tax every promise of the process).
 */
export function isolateSqliteReads(dataSource: DataSource): void {
  const owner = databaseOf(dataSource);
  if (owner.options.type !== 'better-sqlite3' || owner.sqliteReads) return;
  const driver = owner.driver as unknown as SqliteDriverInternals;
  const { database, timeout } = owner.options;
  if (database === ':memory:') throw new Error('An in-memory SQLite database has no file a read-only connection can open.');
  const writer = driver.databaseConnection;
  const shared = driver.createQueryRunner('master') as unknown as QueryRunnerInternals;
  const QueryRunner = shared.constructor as new (driver: SqliteDriverInternals) => QueryRunner;
  const reads: SqliteReads = {
    reader: new driver.sqlite(database, { readonly: true, fileMustExist: true, timeout: timeout ?? 5000 }),
    transactions: new QueryRunner(driver),
  };
  owner.sqliteReads = reads;
  const writerStatement = shared.getStmt.bind(shared);
  const routed = new WeakMap<SqliteStatement, RunnableStatement>();
  shared.getStmt = async (sql) => {
    const statement = (await writerStatement(sql)) as SqliteStatement;
    if (!statement.reader || !statement.readonly) return statement;
    let choice = routed.get(statement);
    if (!choice) {
      let onReader: SqliteStatement | null = null;
      const pick = () => {
        if (!writer.inTransaction || shared.isTransactionActive) return statement;
        onReader ??= reads.reader.prepare(sql);
        return onReader;
      };
      choice = {
        reader: true,
        all: (...parameters) => pick().all(...parameters),
        run: (...parameters) => pick().run(...parameters),
      };
      routed.set(statement, choice);
    }
    return choice;
  };
  const disconnect = driver.disconnect.bind(driver);
  driver.disconnect = async () => {
    owner.sqliteReads = null;
    reads.reader.close();
    await disconnect();
  };
}

/**
 * The read-only connection of a SQLite database that `isolateSqliteReads` set up: it sees every
 * committed write and nothing else. Null on PostgreSQL (whose readers see only committed data).
 */
export function sqliteReader(dataSource: DataSource): SqliteConnection | null {
  if (dataSource.options.type !== 'better-sqlite3') return null;
  const reads = dataSource instanceof Database ? dataSource.sqliteReads : null;
  if (!reads) throw new Error('SQLite reads are not isolated from writes: open the database with openDatabase.');
  return reads.reader;
}

/** What runs `inTransaction`'s transactions on SQLite: a query runner of their own, whose reads see their writes. */
export function sqliteTransactions(dataSource: DataSource): Pick<EntityManager, 'transaction'> {
  const runner = dataSource instanceof Database ? dataSource.sqliteReads?.transactions : undefined;
  if (!runner) return dataSource;
  // A new manager for each transaction, as DataSource.createQueryRunner gives: what is kept per
  // transaction (commit hooks, pending signals) is keyed by it.
  const manager = dataSource.createEntityManager(runner);
  Object.assign(runner, { manager });
  return manager;
}

interface SqliteDriverInternals {
  sqlite: new (file: string, options: object) => SqliteConnection;
  databaseConnection: SqliteConnection;
  createQueryRunner(mode: string): unknown;
  disconnect(): Promise<void>;
}

interface QueryRunnerInternals {
  constructor: unknown;
  isTransactionActive: boolean;
  getStmt(sql: string): Promise<SqliteStatement | RunnableStatement>;
}
