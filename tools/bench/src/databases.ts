// Before any entity loads: type-graphql's and TypeORM's decorators need it.
import 'reflect-metadata';
import path from 'node:path';
import type { HowToJoinContent } from '@certhub/domain/catalog';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import { CatalogImportService } from '@certhub/server/catalog-import';
import { openDatabase } from '@certhub/server/data-source';
import { readSeedPage } from '@certhub/server/seed';
import { syntheticCatalog } from '@certhub/server/synthetic-catalog';
import { freshDatabase } from './soak-database.js';

export interface BenchDatabase {
  programCount: number;
  url: string;
}

/** The seed page's catalogue in a new database on the PostgreSQL server of `serverUrl`, dropped by `drop`. */
export async function prepareSeedDatabaseOnPostgres(serverUrl: string): Promise<BenchDatabase & { drop(): Promise<void> }> {
  const database = await freshDatabase('', serverUrl);
  try {
    return { ...(await importInto(database.url, await readSeedContent())), drop: database.drop };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** The bundled docs page's catalogue (16 programs), as a fresh server would seed it. */
export async function prepareSeedDatabase(folder: string): Promise<BenchDatabase> {
  return prepareDatabase(folder, await readSeedContent());
}

/** `programCount` programs made from the page's by `syntheticCatalog`: a catalogue grown large. */
export async function prepareSyntheticDatabase(folder: string, programCount: number): Promise<BenchDatabase> {
  return prepareDatabase(folder, syntheticCatalog(await readSeedContent(), programCount));
}

async function readSeedContent(): Promise<HowToJoinContent> {
  return parseHowToJoinPage(await readSeedPage());
}

/**
 * Writes the catalogue into a new SQLite file in `folder`. The import runs here, before any server
 * starts, so the servers only read and their CPU and memory figures hold no import work.
 */
async function prepareDatabase(folder: string, content: HowToJoinContent): Promise<BenchDatabase> {
  return importInto(`sqlite:${path.join(folder, `catalogue-${content.programs.length}.sqlite`)}`, content);
}

async function importInto(url: string, content: HowToJoinContent): Promise<BenchDatabase> {
  const programCount = content.programs.length;
  const dataSource = await openDatabase(url);
  try {
    await new CatalogImportService(dataSource).importContent(content, { actor: 'bench' });
  } finally {
    await dataSource.destroy();
  }
  return { programCount, url };
}
