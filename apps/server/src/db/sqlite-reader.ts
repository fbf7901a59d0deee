import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/** What of better-sqlite3 this module uses. */
export interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

interface SqliteStatement {
  readonly reader: boolean;
  readonly readonly: boolean;
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): unknown;
  get(...parameters: unknown[]): unknown;
  pluck(): SqliteStatement;
}

/** What TypeORM's better-sqlite3 query runner uses of a statement. */
type RunnableStatement = Pick<SqliteStatement, 'reader' | 'all' | 'run'>;

interface SqliteReads {
  /** A second, read-only connection to the same file: in WAL mode it sees only committed data. */
  reader: SqliteConnection;
  /** The transaction of `inTransaction` under way on the writer connection, if any. */
  active: object | undefined;
}

const isolated = new WeakMap<DataSource, SqliteReads>();
/** Which `inTransaction` turn the code running belongs to (see `asSqliteWriter`). */
const writerScope = new AsyncLocalStorage<object>();

/**
 * TypeORM drives better-sqlite3 through one connection, so a read made while a write transaction
 * is open on it would see that transaction's uncommitted rows, which a rollback then takes back
 * (and whose ids SQLite hands out again). From here on, while an `inTransaction` transaction is
 * open, every statement that only reads and does not come from that transaction runs on a second,
 * read-only connection, which sees only committed data (WAL). Reads inside the transaction, and
 * every write, stay on the writer connection. Outside write transactions reads stay on the writer
 * too (it has nothing uncommitted then), which keeps TypeORM's statement cache warm.
 */
export function isolateSqliteReads(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3' || isolated.has(dataSource)) return;
  const driver = dataSource.driver as unknown as SqliteDriverInternals;
  const { database, timeout } = dataSource.options;
  if (database === ':memory:') throw new Error('An in-memory SQLite database has no file a read-only connection can open.');
  const reads: SqliteReads = {
    reader: new driver.sqlite(database, { readonly: true, fileMustExist: true, timeout: timeout ?? 5000 }),
    active: undefined,
  };
  isolated.set(dataSource, reads);
  const writer = driver.databaseConnection;
  const runner = driver.createQueryRunner('master') as unknown as QueryRunnerInternals;
  const writerStatement = runner.getStmt.bind(runner);
  const routed = new WeakMap<SqliteStatement, RunnableStatement>();
  // TypeORM prepares once (cached) and then runs the statement; which connection runs it is chosen
  // when it runs, as only then is it known whether a transaction is open.
  runner.getStmt = async (sql) => {
    const statement = (await writerStatement(sql)) as SqliteStatement;
    if (!statement.reader || !statement.readonly) return statement;
    let choice = routed.get(statement);
    if (!choice) {
      let onReader: SqliteStatement | null = null;
      const pick = () => {
        if (!writer.inTransaction || writerScope.getStore() === reads.active) return statement;
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
    isolated.delete(dataSource);
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
  const reads = isolated.get(dataSource);
  if (!reads) throw new Error('SQLite reads are not isolated from writes: open the database with openDatabase.');
  return reads.reader;
}

/** Runs a write transaction's work as the one whose reads may see its own uncommitted writes. */
export async function asSqliteWriter<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const reads = isolated.get(dataSource);
  if (!reads) return work();
  const turn = {};
  reads.active = turn;
  try {
    return await writerScope.run(turn, work);
  } finally {
    reads.active = undefined;
  }
}

interface SqliteDriverInternals {
  sqlite: new (file: string, options: object) => SqliteConnection;
  databaseConnection: SqliteConnection;
  createQueryRunner(mode: string): unknown;
  disconnect(): Promise<void>;
}

interface QueryRunnerInternals {
  getStmt(sql: string): Promise<SqliteStatement | RunnableStatement>;
}
