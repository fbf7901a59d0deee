import { readFileSync } from 'node:fs';
import type { CatalogProgram } from '@certhub/domain/catalog';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import type { DataSource } from 'typeorm';
import { CatalogImportService } from '../modules/catalog-import/catalog-import.service.js';
import { SEED_PAGE_URL } from '../modules/catalog-import/seed.js';
import { syntheticCatalog } from '../modules/catalog-import/synthetic-catalog.js';

export const seedPage = readFileSync(SEED_PAGE_URL, 'utf8');

/** The seed page's table read by hand (../shared/seed/how-to-join.expected.json, kept beside the page). */
export const seedExpected: { programs: CatalogProgram[] } = JSON.parse(
  readFileSync(new URL('../../seed/how-to-join.expected.json', import.meta.url), 'utf8'),
);

export function importSeed(dataSource: DataSource) {
  return new CatalogImportService(dataSource).importPage(seedPage);
}

export function importSyntheticCatalog(dataSource: DataSource, programCount: number) {
  return new CatalogImportService(dataSource).importContent(syntheticCatalog(parseHowToJoinPage(seedPage), programCount));
}

/** The real earlier versions of the page, kept as the domain importer's fixtures, oldest first. */
export const PAGE_VERSIONS_FOLDER = new URL('../../../../packages/domain/src/importer/fixtures/', import.meta.url);

/** A version of the docs page (the seed or another) with one program row's status cell rewritten. */
export function withStatus(page: string, programName: string, status: string): string {
  const row = new RegExp(`(<td>${programName}</td>\\s*<td[^>]*>)[^<]*(</td>)`);
  if (!row.test(page)) throw new Error(`no row for ${programName}`);
  return page.replace(row, `$1${status}$2`);
}
