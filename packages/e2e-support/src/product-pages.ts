import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunningCertHub } from './certhub.js';

/** A program's page of certified products, from the server's seed folder ("certification__infra-sbc.md"). */
export function productPage(fileName: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../apps/server/seed/related/${fileName}`, import.meta.url)), 'utf8');
}

/**
 * Imports program pages of certified products as staff would, so a test knows which listings there
 * are whether or not the first start seeded them (an import of a page already imported changes nothing).
 */
export async function importProductPages(certhub: RunningCertHub, fileNames: readonly string[]): Promise<void> {
  for (const fileName of fileNames) {
    await certhub.asAdmin(
      'mutation ($markdown: String!) { importCertifiedProductsPage(markdown: $markdown, dryRun: false) { unchangedCount } }',
      { markdown: productPage(fileName) },
    );
  }
}
