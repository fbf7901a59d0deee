import { readdir, readFile } from 'node:fs/promises';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import { parseProductPage } from '@certhub/domain/importer/parse-product-page';
import { programSlugOf, recognizeProductPage } from '@certhub/domain/importer/product-pages';
import { slugify } from '@certhub/domain/slug';
import type { DataSource } from 'typeorm';
import { CategoryEntity } from '../category/category.entity.js';
import { CategoryEditService } from '../category/category-edit.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramEditService } from '../program/program-edit.service.js';
import { SYSTEM_ACTOR } from '../user/bootstrap.js';
import { ProductImportService } from './product-import.service.js';
import { ProductPageEntity } from './product-page.entity.js';

/** The copies of the program's product pages the directory is seeded from (see seed/related/README.md). */
export const SEED_PRODUCT_PAGES_URL = new URL('../../../seed/related/', import.meta.url);

/** Why the seed adds a program How to Join does not list, for the audit trail. */
const CLOSED_PROGRAM_REASON = 'Not on How to Join, so closed: added by the seed because a docs page lists products it certified.';

/** The seed's product pages, file name and Markdown, in file name order. */
export async function readSeedProductPages(): Promise<Array<{ file: string; source: string }>> {
  const files = (await readdir(SEED_PRODUCT_PAGES_URL)).filter((file) => file.endsWith('.md') && file !== 'README.md').sort();
  return Promise.all(
    files.map(async (file) => ({ file, source: await readFile(new URL(file, SEED_PRODUCT_PAGES_URL), 'utf8') })),
  );
}

/**
 * Imports every bundled product page into a directory that has none yet (a new database, or one
 * from before the directory); returns null otherwise. A page's program that How to Join does not
 * list (IP PBX, E-911…) is added CLOSED, as How to Join says of the programs it leaves out: its
 * listings stay in the directory, findable like any other.
 */
export async function seedDirectoryIfEmpty(dataSource: DataSource): Promise<{ summary: string } | null> {
  if ((await dataSource.getRepository(ProductPageEntity).count()) > 0) return null;
  if ((await dataSource.getRepository(CategoryEntity).count()) === 0) return null;
  const importer = new ProductImportService(dataSource);
  let listings = 0;
  const pages = await readSeedProductPages();
  for (const { file, source } of pages) {
    const content = parseProductPage(source, { page: file });
    const known = recognizeProductPage(content.heading);
    if (!known) throw new Error(`The seed page ${file} is not a known product page.`);
    await ensureProgram(dataSource, known.programName, known.categoryName);
    const outcome = await importer.importContent(content, { actor: 'seed' });
    listings += outcome.diff.added.length;
  }
  return { summary: `${listings} certified products from ${pages.length} pages.` };
}

async function ensureProgram(dataSource: DataSource, programName: string, categoryName: string): Promise<void> {
  const slug = programSlugOf({ programName });
  if (await dataSource.getRepository(ProgramEntity).existsBy({ slug })) return;
  const category =
    (await dataSource.getRepository(CategoryEntity).findOneBy({ slug: slugify(categoryName) })) ??
    (await new CategoryEditService(dataSource).create({ name: categoryName }, SYSTEM_ACTOR));
  const programs = new ProgramEditService(dataSource);
  const program = await programs.create(
    { name: programName, slug, categoryId: category.id, admissionStatus: AdmissionStatus.NOT_SEEKING_PARTNERS },
    SYSTEM_ACTOR,
  );
  await programs.close({ programId: program.id, expectedVersion: program.version, reason: CLOSED_PROGRAM_REASON }, SYSTEM_ACTOR);
}
