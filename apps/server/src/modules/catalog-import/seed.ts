import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { CategoryEntity } from '../category/category.entity.js';
import { CatalogImportService } from './catalog-import.service.js';

/** The copy of the docs page the default database is seeded from (see seed/README.md). */
export const SEED_PAGE_URL = new URL('../../../seed/how-to-join.md', import.meta.url);

export function readSeedPage(): Promise<string> {
  return readFile(SEED_PAGE_URL, 'utf8');
}

/** Imports the bundled page into a database that has no catalogue yet; returns null otherwise. */
export async function seedIfEmpty(dataSource: DataSource): Promise<{ summary: string } | null> {
  if ((await dataSource.getRepository(CategoryEntity).count()) > 0) return null;
  const { content, changes } = await new CatalogImportService(dataSource).importPage(await readSeedPage(), { actor: 'seed' });
  const categories = new Set(content.programs.map((program) => program.category)).size;
  return { summary: `${content.programs.length} programs in ${categories} categories (${changes.length} changes recorded).` };
}
