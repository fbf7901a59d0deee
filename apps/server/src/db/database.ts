import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** What of better-sqlite3 the server uses: a connection. */
export interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/** What of better-sqlite3 the server uses: a prepared statement. */
export interface SqliteStatement {
  readonly reader: boolean;
  readonly readonly: boolean;
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): unknown;
  get(...parameters: unknown[]): unknown;
  pluck(): SqliteStatement;
}

/** How a SQLite database keeps reads apart from writes (sqlite-reader.ts). */
export interface SqliteReads {
  /** A second, read-only connection to the same file: in WAL mode it sees only committed data. */
  reader: SqliteConnection;
  /** The query runner of `inTransaction`'s transactions, on the writer connection. */
  transactions: QueryRunner;
}

/**
 * A TypeORM DataSource together with what the server keeps for that one database, so that the
 * functions of transaction.ts and sqlite-reader.ts hold no state of their own: two databases
 * open in one process (a test and its copy, a backup) never share a write queue or a reader.
 * `createDataSource` (data-source.ts) makes every DataSource of the server as one of these.
 */
export class Database extends DataSource {
  /** SQLite: the last write transaction queued; the next one starts after it (see `inTransaction`). */
  writeQueue: Promise<unknown> = Promise.resolve();
  /** PostgreSQL: how many transactions ran again after a deadlock or serialization failure. */
  transactionRetries = 0;
  /** SQLite, once `isolateSqliteReads` ran: the read-only connection and the writers' query runner. */
  sqliteReads: SqliteReads | null = null;
  /** The hooks each open transaction of `inTransaction` runs once it has committed, by its manager. */
  readonly commitHooks = new WeakMap<EntityManager, Array<() => void | Promise<void>>>();
  /** The change signal of this database (platform/change-signal.ts): who waits for which topic here, and the topics each open transaction signals once committed. */
  readonly signals: SignalHub = { listeners: new Map(), publish: null, pending: new WeakMap() };
}

/**
 * What this process keeps of the signals "something you wait for was committed" of one database:
 * kept here, with the database, so that two databases open in one process (tests, a backup) never
 * wake each other's listeners. platform/change-signal.ts is what reads and writes it.
 */
export interface SignalHub {
  /** The listeners of each topic in this process. */
  readonly listeners: Map<string, Set<() => void>>;
  /** Sends the topics to the other instances; null until connected to Redis. */
  publish: ((topics: readonly string[]) => void) | null;
  /** The topics each open transaction signals once it has committed, by its manager. */
  readonly pending: WeakMap<EntityManager, Set<string>>;
}

/** The server's state of a database; refuses a DataSource that `createDataSource` did not make. */
export function databaseOf(dataSource: DataSource): Database {
  if (dataSource instanceof Database) return dataSource;
  throw new Error('This DataSource was not made by createDataSource (db/data-source.ts): it has no write queue.');
}
