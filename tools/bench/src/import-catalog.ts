// Before any entity loads: type-graphql's and TypeORM's decorators need it.
import 'reflect-metadata';
import type { HowToJoinContent } from '@certhub/domain/catalog';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import { CatalogImportService } from '@certhub/server/catalog-import';
import { openDatabase } from '@certhub/server/data-source';
import { readSeedPage } from '@certhub/server/seed';
import { syntheticCatalog } from '@certhub/server/synthetic-catalog';

/**
 * `node import-catalog.js <database url> <seed | program count>`: imports the seed page's catalogue,
 * or one grown to that many programs by `syntheticCatalog`, and prints the number of programs.
 */
async function main(): Promise<void> {
  const [url, programs] = process.argv.slice(2);
  if (!url || !programs) throw new Error('usage: import-catalog.js <database url> <seed | program count>');
  const seed = parseHowToJoinPage(await readSeedPage());
  const content: HowToJoinContent = programs === 'seed' ? seed : syntheticCatalog(seed, Number(programs));
  const dataSource = await openDatabase(url);
  try {
    await new CatalogImportService(dataSource).importContent(content, { actor: 'bench' });
  } finally {
    await dataSource.destroy();
  }
  process.stdout.write(`${content.programs.length}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
