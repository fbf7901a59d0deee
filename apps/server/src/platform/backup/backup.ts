import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { chmod, copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type Database from 'better-sqlite3';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { createDataSource, parseDatabaseUrl, runMigrationsOnce } from '../../db/data-source.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { chunks } from '../../shared/chunks.js';

/**
 * Consistent backups of a live database, and restores into an empty one.
 * - SQLite: the online backup API copies pages while the server keeps writing (WAL), into a
 *   SQLite file; restoring checks and copies that file.
 * - PostgreSQL: a logical export of every table, read in one REPEATABLE READ snapshot through a
 *   cursor, a batch of rows at a time, and written as JSON lines (format 2, below) as it is read,
 *   so neither side ever holds the whole database; restoring recreates the schema with the
 *   migrations the backup was taken at, loads the rows as it reads them, moves the id sequences
 *   past them, then applies any newer migrations. Backups of the earlier format (one JSON
 *   document) still restore.
 * Backup files are readable by their owner only (mode 0600): they hold password hashes and keys.
 */
export interface BackupSummary {
  file: string;
  dialect: 'sqlite' | 'postgres';
  tables: number;
  rows: number;
  bytes: number;
}

/**
 * Format 2, one JSON value per line: this header; then for each table a line
 * `{"table": name, "columns": [...]}` followed by one array of values per row, in that column
 * order; then `{"end": true, "rows": n}`, without which the file is refused as cut short.
 */
interface BackupHeader {
  kind: 'certhub-backup';
  dialect: 'postgres';
  format: 2;
  createdAt: string;
  migrations: string[];
  /** In an order that satisfies foreign keys. */
  tables: string[];
}

/** Format 1 (before streaming): the whole database as one JSON document. */
interface LegacyBackup {
  kind: 'certhub-backup';
  dialect: 'postgres';
  migrations: string[];
  tables: Array<{ name: string; rows: Array<Record<string, unknown>> }>;
}

const MIGRATIONS_TABLE = 'migrations';
/** Rows read (and inserted) at a time: bounds memory whatever the size of a table. */
const DEFAULT_BATCH_ROWS = 500;
const OWNER_ONLY = 0o600;

export async function backupDatabase(
  databaseUrl: string,
  file: string,
  options: { batchRows?: number } = {},
): Promise<BackupSummary> {
  const location = parseDatabaseUrl(databaseUrl);
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  const partial = `${file}.partial`;
  try {
    // Created empty, owner-only, before anything is written into it.
    await rm(partial, { force: true });
    await (await open(partial, 'wx', OWNER_ONLY)).close();
    if (location.dialect === 'sqlite') {
      await sqliteConnection(dataSource).backup(partial);
      await chmod(partial, OWNER_ONLY);
      await rename(partial, file);
      const counts = await tableCounts(dataSource);
      return { file, dialect: 'sqlite', ...counts, bytes: (await stat(file)).size };
    }
    const counts = await logicalExport(dataSource, partial, options.batchRows ?? DEFAULT_BATCH_ROWS);
    await rename(partial, file);
    return { file, dialect: 'postgres', ...counts, bytes: (await stat(file)).size };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

export async function restoreDatabase(databaseUrl: string, file: string): Promise<BackupSummary> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.dialect === 'sqlite') {
    await assertEmpty(databaseUrl);
    await copyFile(file, location.file);
    const dataSource = createDataSource(databaseUrl);
    await dataSource.initialize();
    try {
      const [check] = (await dataSource.query('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
      if (check?.integrity_check !== 'ok')
        throw new BackupError(`The backup fails SQLite's integrity check: ${check?.integrity_check}.`);
      await dataSource.runMigrations({ transaction: 'each' });
      return { file, dialect: 'sqlite', ...(await tableCounts(dataSource)), bytes: (await stat(file)).size };
    } finally {
      await dataSource.destroy();
    }
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    const next = lineReader(lines);
    const first = await next();
    const header = first === null ? null : (parseLine(first, file) as Partial<BackupHeader & LegacyBackup> | null);
    if (header?.kind !== 'certhub-backup' || header.dialect !== 'postgres') {
      throw new BackupError(`${file} is not a CertHub PostgreSQL backup.`);
    }
    const legacy = header.format === undefined;
    if (!legacy && header.format !== 2) {
      throw new BackupError(`${file} is a backup of a newer format (${header.format}): restore it with that version.`);
    }
    await assertEmpty(databaseUrl);
    await migrateTo(databaseUrl, header.migrations ?? []);
    const dataSource = createDataSource(databaseUrl);
    await dataSource.initialize();
    try {
      await dataSource.transaction(async (manager) => {
        // Migrations may seed rows (the catalogue revision); the backup's own rows replace them.
        if (legacy) await loadLegacy(dataSource, manager, header as LegacyBackup);
        else await loadStreamed(dataSource, manager, header as BackupHeader, next, file);
      });
      await runMigrationsOnce(dataSource);
      return { file, dialect: 'postgres', ...(await tableCounts(dataSource)), bytes: (await stat(file)).size };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    lines.close();
  }
}

async function loadLegacy(dataSource: DataSource, manager: EntityManager, backup: LegacyBackup): Promise<void> {
  for (const table of [...backup.tables].reverse()) await manager.query(`DELETE FROM "${table.name}"`);
  for (const table of backup.tables) {
    for (const chunk of chunks(table.rows, 200)) await insertRows(manager, table.name, chunk);
    await moveSequences(dataSource, manager, table.name);
  }
}

async function loadStreamed(
  dataSource: DataSource,
  manager: EntityManager,
  header: BackupHeader,
  next: () => Promise<string | null>,
  file: string,
): Promise<void> {
  for (const table of [...header.tables].reverse()) await manager.query(`DELETE FROM "${table}"`);
  let table: { name: string; columns: string[] } | null = null;
  let batch: Array<Record<string, unknown>> = [];
  let rows = 0;
  const finishTable = async () => {
    if (!table) return;
    await insertRows(manager, table.name, batch);
    batch = [];
    await moveSequences(dataSource, manager, table.name);
  };
  for (let line = await next(); line !== null; line = await next()) {
    if (!line) continue;
    const value = parseLine(line, file);
    if (Array.isArray(value)) {
      if (!table) throw new BackupError(`${file} has a row before any table: it is damaged.`);
      const columns = table.columns;
      batch.push(Object.fromEntries(columns.map((column, index) => [column, value[index]])));
      rows++;
      if (batch.length >= DEFAULT_BATCH_ROWS) {
        await insertRows(manager, table.name, batch);
        batch = [];
      }
      continue;
    }
    const marker = value as { table?: string; columns?: string[]; end?: boolean; rows?: number };
    await finishTable();
    if (marker.end) {
      if (marker.rows !== rows) throw new BackupError(`${file} holds ${rows} rows where it says ${marker.rows}: it is damaged.`);
      return;
    }
    if (!marker.table || !header.tables.includes(marker.table) || !Array.isArray(marker.columns)) {
      throw new BackupError(`${file} names a table it did not announce: it is damaged.`);
    }
    table = { name: marker.table, columns: marker.columns };
  }
  throw new BackupError(
    `${file} ends before its last line: it was cut short (a backup still being written, or a copy that failed).`,
  );
}

/** The next line of the file, or null at its end. */
function lineReader(lines: ReturnType<typeof createInterface>): () => Promise<string | null> {
  const iterator = lines[Symbol.asyncIterator]();
  return async () => {
    const { value, done } = await iterator.next();
    return done ? null : value;
  };
}

function parseLine(line: string, file: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(`${file} is not a CertHub PostgreSQL backup (a line is not JSON).`);
  }
}

/** The next id after the restored ones, not 1 again. */
async function moveSequences(dataSource: DataSource, manager: EntityManager, table: string): Promise<void> {
  for (const column of generatedColumns(dataSource, table)) {
    await manager.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE(MAX("${column}"), 0), 1), MAX("${column}") IS NOT NULL) FROM "${table}"`,
      [`"${table}"`, column],
    );
  }
}

/** A mistake of the operator's (wrong file, non-empty target), said plainly. */
export class BackupError extends Error {}

function generatedColumns(dataSource: DataSource, table: string): string[] {
  const metadata = dataSource.entityMetadatas.find((candidate) => candidate.tableName === table);
  return (metadata?.generatedColumns ?? []).map((column) => column.databaseName);
}

function sqliteConnection(dataSource: DataSource): Database.Database {
  return (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
}

/** Tables in an order that satisfies foreign keys (referenced tables first). */
export function tablesInDependencyOrder(dataSource: DataSource): string[] {
  const references = new Map(
    dataSource.entityMetadatas.map((metadata) => [
      metadata.tableName,
      metadata.foreignKeys.map((foreignKey) => foreignKey.referencedTablePath).filter((table) => table !== metadata.tableName),
    ]),
  );
  const ordered: string[] = [];
  const visit = (table: string) => {
    if (ordered.includes(table)) return;
    for (const referenced of references.get(table) ?? []) visit(referenced);
    ordered.push(table);
  };
  for (const table of [...references.keys()].sort()) visit(table);
  return ordered;
}

/** Writes the export into `file` (already created) as it reads it; answers what it wrote. */
async function logicalExport(dataSource: DataSource, file: string, batchRows: number): Promise<{ tables: number; rows: number }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const out = createWriteStream(file, { flags: 'w', mode: OWNER_ONLY });
  const written = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  try {
    // One snapshot for every table: rows written meanwhile are either all in or all out.
    await runner.startTransaction('REPEATABLE READ');
    const migrations = (
      (await runner.query(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY id`)) as Array<{ name: string }>
    ).map((row) => row.name);
    const tables = tablesInDependencyOrder(dataSource);
    const header: BackupHeader = {
      kind: 'certhub-backup',
      dialect: 'postgres',
      format: 2,
      createdAt: new Date().toISOString(),
      migrations,
      tables,
    };
    await writeLine(out, header);
    let rows = 0;
    for (const name of tables) rows += await exportTable(runner, out, name, batchRows);
    await writeLine(out, { end: true, rows });
    await runner.commitTransaction();
    out.end();
    await written;
    return { tables: tables.length, rows };
  } finally {
    if (!out.writableFinished) out.destroy();
    await runner.release();
  }
}

/** One table through a cursor, `batchRows` at a time; answers its number of rows. */
async function exportTable(runner: QueryRunner, out: WriteStream, table: string, batchRows: number): Promise<number> {
  await runner.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT * FROM "${table}"`);
  let columns: string[] | null = null;
  let count = 0;
  for (;;) {
    const rows = (await runner.query(`FETCH ${batchRows} FROM backup_rows`)) as Array<Record<string, unknown>>;
    if (!columns) {
      columns = rows[0] ? Object.keys(rows[0]) : await columnsOf(runner, table);
      await writeLine(out, { table, columns });
    }
    for (const row of rows)
      await writeLine(
        out,
        (columns as string[]).map((column) => row[column]),
      );
    count += rows.length;
    if (rows.length < batchRows) break;
  }
  await runner.query('CLOSE backup_rows');
  return count;
}

async function columnsOf(runner: QueryRunner, table: string): Promise<string[]> {
  const rows = (await runner.query(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
    [table],
  )) as Array<{ column_name: string }>;
  return rows.map((row) => row.column_name);
}

/** Waits when the stream's buffer is full, so a slow disk never makes the rows pile up in memory. */
async function writeLine(out: WriteStream, value: unknown): Promise<void> {
  if (out.write(`${JSON.stringify(value)}\n`)) return;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    out.once('drain', () => {
      out.off('error', onError);
      resolve();
    });
  });
}

/** Creates the schema as it was when the backup was taken: the migrations it lists, no more. */
async function migrateTo(databaseUrl: string, names: readonly string[]): Promise<void> {
  const known = MIGRATIONS.map((migration) => migration.name);
  const unknown = names.filter((name) => !known.some((knownName) => name === knownName || name.endsWith(knownName)));
  if (unknown.length)
    throw new BackupError(
      `The backup was taken by a newer CertHub (migrations ${unknown.join(', ')}): restore it with that version.`,
    );
  const dataSource = createDataSource(databaseUrl, {
    migrations: MIGRATIONS.filter((migration) => names.some((name) => name.endsWith(migration.name))),
  });
  await dataSource.initialize();
  try {
    await runMigrationsOnce(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function assertEmpty(databaseUrl: string): Promise<void> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const [row] = (await dataSource.query(
      dataSource.options.type === 'postgres'
        ? 'SELECT COUNT(*) AS count FROM information_schema.tables WHERE table_schema = current_schema()'
        : "SELECT COUNT(*) AS count FROM sqlite_master WHERE type = 'table'",
    )) as Array<{ count: number | string }>;
    if (Number(row?.count ?? 0) > 0) throw new BackupError('Restore goes into an empty database; this one has tables already.');
  } finally {
    await dataSource.destroy();
  }
}

async function tableCounts(dataSource: DataSource): Promise<{ tables: number; rows: number }> {
  let rows = 0;
  const tables = tablesInDependencyOrder(dataSource);
  for (const table of tables) {
    const [count] = (await dataSource.query(`SELECT COUNT(*) AS count FROM "${table}"`)) as Array<{ count: number | string }>;
    rows += Number(count?.count ?? 0);
  }
  return { tables: tables.length, rows };
}

/** Raw rows, keyed by column name as exported: no entity mapping in the way. */
async function insertRows(manager: EntityManager, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const parameters: unknown[] = [];
  const tuples = rows.map(
    (row) =>
      `(${columns.map((column) => `$${parameters.push(row[column] instanceof Object && !(row[column] instanceof Date) ? JSON.stringify(row[column]) : row[column])}`).join(', ')})`,
  );
  await manager.query(
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
    parameters,
  );
}
