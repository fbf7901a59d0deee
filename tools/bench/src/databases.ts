import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { IMPORT_CATALOG } from './paths.js';
import { freshDatabase } from './soak-database.js';

export interface BenchDatabase {
  programCount: number;
  url: string;
}

/** The seed page's catalogue in a new database on the PostgreSQL server of `serverUrl`, dropped by `drop`. */
export async function prepareSeedDatabaseOnPostgres(serverUrl: string): Promise<BenchDatabase & { drop(): Promise<void> }> {
  const database = await freshDatabase('', serverUrl);
  try {
    return { ...(await importInto(database.url, 'seed')), drop: database.drop };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** The bundled docs page's catalogue (16 programs), as a fresh server would seed it. */
export async function prepareSeedDatabase(folder: string): Promise<BenchDatabase> {
  return importInto(`sqlite:${path.join(folder, 'catalogue-seed.sqlite')}`, 'seed');
}

/** `programCount` programs made from the page's by `syntheticCatalog`: a catalogue grown large. */
export async function prepareSyntheticDatabase(folder: string, programCount: number): Promise<BenchDatabase> {
  return importInto(`sqlite:${path.join(folder, `catalogue-${programCount}.sqlite`)}`, programCount);
}

/**
 * Writes the catalogue into the database at `url` before any server starts, so the servers only
 * read and their CPU and memory figures hold no import work. The import runs in a child process:
 * a process serves one kind of database (TypeORM keeps column options process-wide), and the
 * benchmark prepares both SQLite and PostgreSQL.
 */
async function importInto(url: string, programs: 'seed' | number): Promise<BenchDatabase> {
  const { stdout } = await promisify(execFile)(process.execPath, [IMPORT_CATALOG, url, String(programs)], {
    maxBuffer: 1024 * 1024,
  });
  return { programCount: Number(stdout.trim()), url };
}
