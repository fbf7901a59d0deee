import { ListingStatus } from '@certhub/domain/directory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSeed, seedPage } from '../../test/seed-catalog.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CatalogImportService } from '../catalog-import/catalog-import.service.js';
import { seedIfEmpty } from '../catalog-import/seed.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import { readSeedProductPages, seedDirectoryIfEmpty } from './directory-seed.js';
import { ListingStatusChangeEntity } from './listing-status-change.entity.js';
import { ProductImportService } from './product-import.service.js';
import { ProductPageEntity } from './product-page.entity.js';

/** `source` with `search` replaced once; throws when it is missing, so no test passes by editing nothing. */
function edit(source: string, search: string, replacement: string): string {
  if (!source.includes(search)) throw new Error(`Text to edit not found: ${search}`);
  return source.replace(search, () => replacement);
}

describe('importing product pages', () => {
  let db: TestDatabase;
  let importer: ProductImportService;
  let sbcPage: string;
  beforeEach(async () => {
    db = await createTestDatabase();
    await importSeed(db.dataSource);
    importer = new ProductImportService(db.dataSource);
    sbcPage = (await readSeedProductPages()).find(({ file }) => file === 'certification__infra-sbc.md')?.source ?? '';
  });
  afterEach(() => db.destroy());

  const products = () => db.dataSource.getRepository(CertifiedProductEntity).find({ order: { id: 'ASC' } });
  const auditCount = () => db.dataSource.getRepository(AuditEventEntity).count();

  it('lists the products of a known page in its program, audited in one batch', async () => {
    const outcome = await importer.importPage(sbcPage);
    expect(outcome.programSlug).toBe('sbc');
    expect(outcome.pagePath).toBe('certification/infra-sbc');
    const listed = await products();
    expect(listed).toHaveLength(24);
    const sbc = await db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug: 'sbc' });
    expect(listed.every((product) => product.programId === sbc.id && product.status === ListingStatus.LISTED)).toBe(true);
    const swe = listed.find((product) => product.name === 'SBC SWe');
    expect(swe?.attributes).toStrictEqual([
      { name: 'ExUM Support', kind: 'YES_NO', values: ['no', 'yes'] },
      { name: 'Software Version', kind: 'VERSIONS', values: ['4.2.4', '05.01.00-R000'] },
    ]);
    expect(swe?.listingSlug).toBe('ribbon-communications-sbc-swe-sbc');
    const events = await db.dataSource.getRepository(AuditEventEntity).findBy({ batchId: outcome.batchId as string });
    // 24 listings and 4 vendors.
    expect(events).toHaveLength(28);
    expect(await db.dataSource.getRepository(ListingStatusChangeEntity).count()).toBe(24);
  });

  it('changes nothing when the same page is imported again', async () => {
    await importer.importPage(sbcPage);
    const before = { products: await products(), audit: await auditCount() };
    const again = await importer.importPage(sbcPage);
    expect(again.batchId).toBeNull();
    expect(again.diff.unchanged).toBe(24);
    expect(await products()).toStrictEqual(before.products);
    expect(await auditCount()).toBe(before.audit);
  });

  it('withdraws a product no longer listed, lists a new one, records a changed version and lists a returning one again', async () => {
    await importer.importPage(sbcPage);
    let edited = edit(sbcPage, '| | SBC 5000 | | 4.2.4F003 |\n', '| | SBC 9000 | | 9.0.1 |\n');
    edited = edit(edited, '| | SBC 5110 | &#x2714; | 05.01.00 R000f |', '| | SBC 5110 | &#x2714; | 05.02.00 R000a |');
    const outcome = await importer.importPage(edited);
    expect(outcome.diff.withdrawn.map(({ name }) => name)).toStrictEqual(['SBC 5000']);
    expect(outcome.diff.added.map(({ name }) => name)).toStrictEqual(['SBC 9000']);
    expect(outcome.diff.changed.map(({ changes }) => changes)).toStrictEqual([
      ['Software Version: 05.01.00 R000f → 05.02.00 R000a'],
    ]);
    const byName = new Map((await products()).map((product) => [product.name, product]));
    expect(byName.get('SBC 5000')).toMatchObject({ status: ListingStatus.WITHDRAWN, version: 2 });
    expect(byName.get('SBC 5000')?.withdrawnAt).toBeInstanceOf(Date);
    expect(byName.get('SBC 9000')).toMatchObject({ status: ListingStatus.LISTED });
    expect(byName.get('SBC 5110')?.attributes[1]?.values).toStrictEqual(['05.02.00 R000a']);
    const changeEvent = await db.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ entityId: String(byName.get('SBC 5110')?.id), action: 'listing-changed' });
    expect(changeEvent.changes).toMatchObject({ attributes: { from: expect.any(Array), to: expect.any(Array) } });

    const back = await importer.importPage(sbcPage);
    expect(back.diff.relisted.map(({ next }) => next.name)).toStrictEqual(['SBC 5000']);
    expect(back.diff.withdrawn.map(({ name }) => name)).toStrictEqual(['SBC 9000']);
    const history = await db.dataSource
      .getRepository(ListingStatusChangeEntity)
      .find({ where: { productId: byName.get('SBC 5000')?.id }, order: { id: 'ASC' } });
    expect(history.map(({ from, to }) => [from, to])).toStrictEqual([
      [null, 'LISTED'],
      ['LISTED', 'WITHDRAWN'],
      ['WITHDRAWN', 'LISTED'],
    ]);
    expect(await db.dataSource.getRepository(CertifiedProductEntity).count()).toBe(25);
  });

  it('writes nothing in a dry run and nothing when the page cannot be read', async () => {
    const dry = await importer.importPage(sbcPage, { dryRun: true });
    expect(dry.diff.added).toHaveLength(24);
    expect(await products()).toStrictEqual([]);
    await expect(
      importer.importPage(edit(sbcPage, '| | SBC 5000 |', '| | SBC 5000 &sect; |'), { pageName: 'sbc.md' }),
    ).rejects.toThrow(/^sbc\.md, table 1 \(Session Border Controllers\), row 21, cell "Product": the marker "§" has no note/);
    expect(await products()).toStrictEqual([]);
  });

  it('asks for the program of a page it does not know', async () => {
    const unknown = edit(sbcPage, '# Session Border Controllers', '# Border gateways');
    await expect(importer.importPage(unknown)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'programSlug' },
    });
    const outcome = await importer.importPage(unknown, { programSlug: 'gateway' });
    expect(outcome.programSlug).toBe('gateway');
    expect(outcome.diff.added).toHaveLength(24);
  });
});

describe('seeding the directory', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.destroy());

  it('imports every bundled page once, and How to Join imported again still changes nothing', async () => {
    await importSeed(db.dataSource);
    const seeded = await seedDirectoryIfEmpty(db.dataSource);
    expect(seeded?.summary).toMatch(/^\d+ certified products from 18 pages\.$/);
    const count = await db.dataSource.getRepository(CertifiedProductEntity).count();
    expect(count).toBeGreaterThan(900);
    expect(await seedDirectoryIfEmpty(db.dataSource)).toBeNull();
    const howToJoinAgain = await new CatalogImportService(db.dataSource).importPage(seedPage);
    expect(howToJoinAgain.changes.filter((change) => change.kind !== 'specs-changed')).toStrictEqual([]);
    for (const { file, source } of await readSeedProductPages()) {
      const again = await new ProductImportService(db.dataSource).importPage(source, { pageName: file });
      expect(again.batchId, file).toBeNull();
    }
    const pbx = await db.dataSource.getRepository(ProgramEntity).findOneByOrFail({ slug: 'ip-pbx' });
    expect(pbx.admissionStatus).toBe('CLOSED');
  }, 240_000);

  // SQLite serves one instance per file; PostgreSQL instances seed under the start-up lock.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'two instances starting together seed the catalogue and the directory once, in one start-up (PostgreSQL)',
    async () => {
      const results = await Promise.all([seedIfEmpty(db.dataSource), seedIfEmpty(db.dataSource)]);
      expect(results.filter((result) => result.catalogue !== null)).toHaveLength(1);
      expect(results.filter((result) => result.directory !== null)).toHaveLength(1);
      expect(await db.dataSource.getRepository(ProductPageEntity).count()).toBe(18);
      const listings = await db.dataSource.getRepository(CertifiedProductEntity).count();
      expect(listings).toBeGreaterThan(900);
      // Each listing listed once: no second seed added to its history.
      expect(await db.dataSource.getRepository(ListingStatusChangeEntity).count()).toBe(listings);
    },
    240_000,
  );
});
