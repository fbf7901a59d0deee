import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { underStartupLock } from '../../db/data-source.js';
import { CategoryEntity } from '../category/category.entity.js';
import { seedDirectoryIfEmpty } from '../directory/directory-seed.js';
import { CatalogImportService } from './catalog-import.service.js';

/** The copy of the docs page the default database is seeded from (see seed/README.md). */
export const SEED_PAGE_URL = new URL('../../../seed/how-to-join.md', import.meta.url);

/**
 * Every published version of the page, oldest first, with the date it was committed: importing
 * them in order gives the catalogue its true history (the statuses have stood since 2018-06-13).
 * The page carries no `ms.date` of its own, so the dates are written here (seed/README.md).
 */
export const SEED_VERSIONS: readonly { url: URL; effective: string }[] = [
  { url: new URL('../../../seed/versions/sfb-5957e46e9b.md', import.meta.url), effective: '2018-06-13T00:00:00Z' },
  { url: new URL('../../../seed/versions/sfb-bcc8c8b50d.md', import.meta.url), effective: '2018-06-22T00:00:00Z' },
  { url: new URL('../../../seed/versions/sfb-ddb18f1098.md', import.meta.url), effective: '2018-06-22T00:00:00Z' },
  { url: new URL('../../../seed/versions/sfb-501c316fbf.md', import.meta.url), effective: '2018-08-27T00:00:00Z' },
  { url: new URL('../../../seed/versions/sfb-378a7ee691.md', import.meta.url), effective: '2018-09-20T00:00:00Z' },
  { url: SEED_PAGE_URL, effective: '2019-08-06T00:00:00Z' },
];

export function readSeedPage(): Promise<string> {
  return readFile(SEED_PAGE_URL, 'utf8');
}

export interface SeedOutcome {
  /** The catalogue seeded from the dated versions of How to Join; null when there was one already. */
  catalogue: { summary: string } | null;
  /** The directory seeded from the bundled product pages; null when there was one already (or not asked for). */
  directory: { summary: string } | null;
}

/**
 * Imports the bundled versions of the page into a database that has no catalogue yet, each dated
 * as published, then the bundled product pages into a directory that has none yet. Both under one
 * start-up lock: a second instance starting beside the first waits, then finds both seeded.
 * `directory: false` seeds the catalogue only (tests of the catalogue's history).
 */
export function seedIfEmpty(dataSource: DataSource, { directory = true } = {}): Promise<SeedOutcome> {
  return underStartupLock(dataSource, async () => ({
    catalogue: await seedVersions(dataSource),
    directory: directory ? await seedDirectoryIfEmpty(dataSource) : null,
  }));
}

async function seedVersions(dataSource: DataSource): Promise<{ summary: string } | null> {
  if ((await dataSource.getRepository(CategoryEntity).count()) > 0) return null;
  const importer = new CatalogImportService(dataSource);
  let recorded = 0;
  let current = null;
  for (const { url, effective } of SEED_VERSIONS) {
    const result = await importer.importPage(await readFile(url, 'utf8'), { actor: 'seed', effectiveAt: new Date(effective) });
    recorded += result.changes.length;
    current = result.content;
  }
  if (!current) return null;
  const categories = new Set(current.programs.map((program) => program.category)).size;
  return {
    summary: `${current.programs.length} programs in ${categories} categories, from ${SEED_VERSIONS.length} dated versions of the page (${recorded} changes recorded).`,
  };
}
