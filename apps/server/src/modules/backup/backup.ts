import { copyFile, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource, parseDatabaseUrl } from '../../db/data-source.js';
import { MIGRATIONS } from '../../db/migrations/index.js';

/**
 * Consistent backups of a live database, and restores into an empty one.
 * - SQLite: the online backup API copies pages while the server keeps writing (WAL), into a
 *   SQLite file; restoring checks and copies that file.
 * - PostgreSQL: a logical export of every table, read in one REPEATABLE READ snapshot, as JSON;
 *   restoring recreates the schema with the migrations the backup was taken at, loads the rows,
 *   moves the id sequences past them, then applies any newer migrations.
 */
export interface BackupSummary {
  file: string;
  dialect: 'sqlite' | 'postgres';
  tables: number;
  rows: number;
  bytes: number;
}

interface LogicalBackup {
  kind: 'certhub-backup';
  dialect: 'postgres';
  createdAt: string;
  migrations: string[];
  tables: Array<{ name: string; rows: Array<Record<string, unknown>> }>;
}

const MIGRATIONS_TABLE = 'migrations';

export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupSummary> {
  const location = parseDatabaseUrl(databaseUrl);
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    if (location.dialect === 'sqlite') {
      const partial = `${file}.partial`;
      await sqliteConnection(dataSource).backup(partial);
      await rename(partial, file);
      const counts = await tableCounts(dataSource);
      return { file, dialect: 'sqlite', ...counts, bytes: (await stat(file)).size };
    }
    const backup = await logicalExport(dataSource);
    const json = JSON.stringify(backup);
    await writeFile(`${file}.partial`, json);
    await rename(`${file}.partial`, file);
    return {
      file,
      dialect: 'postgres',
      tables: backup.tables.length,
      rows: backup.tables.reduce((sum, table) => sum + table.rows.length, 0),
      bytes: Buffer.byteLength(json),
    };
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
  const backup = JSON.parse(await readFile(file, 'utf8')) as LogicalBackup;
  if (backup.kind !== 'certhub-backup' || backup.dialect !== 'postgres') {
    throw new BackupError(`${file} is not a CertHub PostgreSQL backup.`);
  }
  await assertEmpty(databaseUrl);
  await migrateTo(databaseUrl, backup.migrations);
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    await dataSource.transaction(async (manager) => {
      // Migrations may seed rows (the catalogue revision); the backup's own rows replace them.
      for (const table of [...backup.tables].reverse()) await manager.query(`DELETE FROM "${table.name}"`);
      for (const table of backup.tables) {
        for (const chunk of chunks(table.rows, 200)) await insertRows(manager, table.name, chunk);
        for (const column of generatedColumns(dataSource, table.name)) {
          // The next id after the restored ones, not 1 again.
          await manager.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE(MAX("${column}"), 0), 1), MAX("${column}") IS NOT NULL) FROM "${table.name}"`,
            [`"${table.name}"`, column],
          );
        }
      }
    });
    await dataSource.runMigrations({ transaction: 'each' });
    return { file, dialect: 'postgres', ...(await tableCounts(dataSource)), bytes: (await stat(file)).size };
  } finally {
    await dataSource.destroy();
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

async function logicalExport(dataSource: DataSource): Promise<LogicalBackup> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // One snapshot for every table: rows written meanwhile are either all in or all out.
    await runner.startTransaction('REPEATABLE READ');
    const migrations = (
      (await runner.query(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY id`)) as Array<{ name: string }>
    ).map((row) => row.name);
    const tables = [];
    for (const name of tablesInDependencyOrder(dataSource)) {
      tables.push({ name, rows: (await runner.query(`SELECT * FROM "${name}"`)) as Array<Record<string, unknown>> });
    }
    await runner.commitTransaction();
    return { kind: 'certhub-backup', dialect: 'postgres', createdAt: new Date().toISOString(), migrations, tables };
  } finally {
    await runner.release();
  }
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
    await dataSource.runMigrations({ transaction: 'each' });
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

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));
}
