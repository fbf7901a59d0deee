import { randomUUID } from 'node:crypto';
import {
  type AttributeColumn,
  directorySlug,
  ListingStatus,
  type ParsedListing,
  type ProductPageContent,
} from '@certhub/domain/directory';
import { diffListings, type ListingDiff } from '@certhub/domain/importer/listing-diff';
import { parseProductPage } from '@certhub/domain/importer/parse-product-page';
import { programSlugOf, recognizeProductPage } from '@certhub/domain/importer/product-pages';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { chunks, ROWS_PER_STATEMENT } from '../../shared/chunks.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import type { AuditEventInput } from '../audit/audit.service.js';
import { inCatalogTransaction, recordChange } from '../change/record-change.js';
import { ProgramEntity } from '../program/program.entity.js';
import type { ListingEvent } from '../webhook/webhook-deliveries.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import { insertListings, listingLabel, listingMove, listingSearchKey, vendorsFor } from './listing-records.js';
import { ProductPageEntity } from './product-page.entity.js';
import { VendorEntity } from './vendor.entity.js';

export interface ProductImportOptions {
  /** The program's slug, when the page cannot say (it is not one of the known product pages). */
  programSlug?: string | null;
  /** The page's path on the docs site, when the page cannot say; the known page's path otherwise. */
  pagePath?: string | null;
  /** How errors name the page (its file name). */
  pageName?: string;
  dryRun?: boolean;
  actor?: string;
  actorId?: number | null;
  requestId?: string | null;
}

export interface ProductImportOutcome {
  content: ProductPageContent;
  programSlug: string;
  pagePath: string;
  diff: ListingDiff;
  batchId: string | null;
}

/** Which program and page a product page is: the known page it is, or what the caller says. */
export function productPageTarget(
  content: ProductPageContent,
  options: Pick<ProductImportOptions, 'programSlug' | 'pagePath'>,
): { programSlug: string; pagePath: string } {
  const known = recognizeProductPage(content.heading);
  const programSlug = options.programSlug ?? (known ? programSlugOf(known) : null);
  const pagePath =
    options.pagePath ?? known?.path ?? (programSlug ? `${programSlug}/${directorySlug(content.heading ?? content.title)}` : null);
  if (!programSlug || !pagePath) {
    throw badUserInput(
      `This page ("${content.heading ?? content.title}") is not one CertHub knows: say which program it belongs to.`,
      'programSlug',
    );
  }
  return { programSlug, pagePath };
}

/**
 * Imports a program's page of certified products: one transaction, one audit batch. Products new to
 * the page are LISTED, those it no longer lists WITHDRAWN (never deleted), withdrawn ones back on it
 * LISTED again; changed attributes (versions) are recorded. Importing the same page again changes
 * nothing. Only the listings this page imported are compared: a program can have several pages.
 */
export class ProductImportService {
  constructor(private readonly dataSource: DataSource) {}

  async importPage(source: string, options: ProductImportOptions = {}): Promise<ProductImportOutcome> {
    const content = parseProductPage(source, { page: options.pageName ?? 'page' });
    return this.importContent(content, options);
  }

  async importContent(content: ProductPageContent, options: ProductImportOptions = {}): Promise<ProductImportOutcome> {
    const { programSlug, pagePath } = productPageTarget(content, options);
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const program = await manager.findOneBy(ProgramEntity, { slug: programSlug });
      if (!program) throw notFound(`No program has the slug "${programSlug}".`, 'programSlug');
      const listings = content.tables.flatMap((table) => table.listings);
      const current = await this.currentListings(manager, program.id, pagePath);
      const diff = diffListings(
        current.map(({ listing }) => listing),
        listings,
      );
      const outcome = { content, programSlug, pagePath, diff, batchId: null };
      if (options.dryRun) return outcome;
      const columns = programColumns(content);
      const pageChanged = await this.savePage(manager, { path: pagePath, programId: program.id, title: content.title, columns });
      const hasChanges = diff.added.length + diff.changed.length + diff.withdrawn.length + diff.relisted.length > 0;
      if (!hasChanges && !pageChanged) return outcome;
      const batchId = randomUUID();
      const by = {
        batchId,
        actor: options.actor ?? 'import',
        actorId: options.actorId ?? null,
        requestId: options.requestId ?? null,
        reason: null,
      };
      await this.apply(manager, program, pagePath, current, diff, by);
      return { ...outcome, batchId };
    });
  }

  private async currentListings(manager: EntityManager, programId: number, pagePath: string) {
    const rows = await manager
      .createQueryBuilder(CertifiedProductEntity, 'product')
      .innerJoinAndMapOne('product.vendor', VendorEntity, 'vendor', 'vendor.id = product.vendorId')
      .where('product.programId = :programId AND product.sourcePage = :pagePath', { programId, pagePath })
      .getMany();
    return rows.map((row) => ({
      row,
      listing: {
        id: row.id,
        vendorSlug: (row.vendor as VendorEntity).slug,
        vendorName: (row.vendor as VendorEntity).name,
        slug: row.slug,
        name: row.name,
        group: row.group,
        attributes: row.attributes,
        notes: row.notes,
        status: row.status,
      },
    }));
  }

  /** Records the page's columns; true when they changed. */
  private async savePage(
    manager: EntityManager,
    page: { path: string; programId: number; title: string; columns: AttributeColumn[] },
  ): Promise<boolean> {
    const existing = await manager.findOneBy(ProductPageEntity, { path: page.path });
    if (
      existing &&
      existing.programId === page.programId &&
      existing.title === page.title &&
      JSON.stringify(existing.columns) === JSON.stringify(page.columns)
    ) {
      return false;
    }
    await manager.save(ProductPageEntity, { ...(existing ?? {}), ...page, importedAt: new Date() });
    return true;
  }

  private async apply(
    manager: EntityManager,
    program: ProgramEntity,
    pagePath: string,
    current: ReadonlyArray<{ row: CertifiedProductEntity }>,
    diff: ListingDiff,
    by: Omit<AuditEventInput, 'entityType' | 'entityId' | 'action' | 'summary' | 'changes'>,
  ): Promise<void> {
    const now = new Date();
    const audit: AuditEventInput[] = [];
    const moves: ListingEvent[] = [];
    const rowById = new Map(current.map(({ row }) => [row.id, row]));
    const event = (product: CertifiedProductEntity, action: string, summary: string, changes: AuditEventInput['changes']) =>
      audit.push({ ...by, entityType: 'CertifiedProduct', entityId: String(product.id), action, summary, changes });

    const vendors = await vendorsFor(
      manager,
      diff.added.map((listing) => listing.vendor),
      audit,
      by,
    );
    const added = await this.insertOrAdopt(
      manager,
      program,
      diff.added.map((listing) => ({ listing, vendor: vendors.get(directorySlug(listing.vendor.name)) as VendorEntity })),
      pagePath,
      now,
    );
    for (const { product, vendor } of added) {
      event(product, 'listing-added', `Listed ${listingLabel(vendor, product, program)}`, {
        name: { from: null, to: product.name },
        attributes: { from: null, to: product.attributes },
        status: { from: null, to: ListingStatus.LISTED },
      });
      moves.push(listingMove(product, vendor, program, null, ListingStatus.LISTED, now));
    }
    for (const update of [...diff.changed, ...diff.relisted]) {
      const row = rowById.get(update.current.id) as CertifiedProductEntity;
      const vendor = row.vendor as VendorEntity;
      const relisting = row.status === ListingStatus.WITHDRAWN;
      const next = listingFields(update.next);
      await manager.update(
        CertifiedProductEntity,
        { id: row.id },
        {
          ...next,
          searchKey: listingSearchKey(vendor.name, next.name),
          ...(relisting ? { status: ListingStatus.LISTED, withdrawnAt: null } : {}),
          version: row.version + 1,
        },
      );
      const changes: AuditEventInput['changes'] = {};
      for (const field of ['name', 'group', 'attributes', 'notes'] as const) {
        if (JSON.stringify(row[field]) !== JSON.stringify(next[field])) changes[field] = { from: row[field], to: next[field] };
      }
      if (relisting) changes.status = { from: ListingStatus.WITHDRAWN, to: ListingStatus.LISTED };
      const label = listingLabel(vendor, { name: next.name }, program);
      event(
        row,
        relisting ? 'listing-relisted' : 'listing-changed',
        relisting ? `Listed ${label} again` : `Changed ${label}: ${update.changes.join('; ')}`,
        changes,
      );
      if (relisting)
        moves.push(listingMove({ ...row, name: next.name }, vendor, program, ListingStatus.WITHDRAWN, ListingStatus.LISTED, now));
    }
    const withdrawnRows = diff.withdrawn.map(({ id }) => rowById.get(id) as CertifiedProductEntity);
    for (const part of chunks(withdrawnRows, ROWS_PER_STATEMENT)) {
      await manager.update(
        CertifiedProductEntity,
        { id: In(part.map((row) => row.id)) },
        { status: ListingStatus.WITHDRAWN, withdrawnAt: now, version: () => 'version + 1' },
      );
    }
    for (const row of withdrawnRows) {
      const vendor = row.vendor as VendorEntity;
      event(row, 'listing-withdrawn', `Withdrew ${listingLabel(vendor, row, program)}: no longer on its page`, {
        status: { from: ListingStatus.LISTED, to: ListingStatus.WITHDRAWN },
      });
      moves.push(listingMove(row, vendor, program, ListingStatus.LISTED, ListingStatus.WITHDRAWN, now));
    }
    await recordChange(manager, { audit, listingMoves: moves });
  }

  /**
   * The page's new listings, in order: each inserted (in chunks of multi-row inserts), or one staff
   * added by hand with the same vendor and slug, which the page now takes over (rather than failing
   * on the unique key). One read finds those, whatever the number of listings.
   */
  private async insertOrAdopt(
    manager: EntityManager,
    program: ProgramEntity,
    listings: ReadonlyArray<{ listing: ParsedListing; vendor: VendorEntity }>,
    pagePath: string,
    now: Date,
  ): Promise<Array<{ product: CertifiedProductEntity; vendor: VendorEntity }>> {
    const vendorIds = [...new Set(listings.map(({ vendor }) => vendor.id))];
    const existing = new Map<string, CertifiedProductEntity>();
    for (const ids of chunks(vendorIds, ROWS_PER_STATEMENT)) {
      for (const row of await manager.findBy(CertifiedProductEntity, { programId: program.id, vendorId: In(ids) })) {
        existing.set(`${row.vendorId}/${row.slug}`, row);
      }
    }
    const fresh = listings.filter(({ listing, vendor }) => !existing.has(`${vendor.id}/${listing.slug}`));
    const inserted = await insertListings(
      manager,
      fresh.map(({ listing, vendor }) => ({
        program,
        vendor,
        ...listingFields(listing),
        slug: listing.slug,
        sourcePage: pagePath,
      })),
      now,
    );
    const products = new Map(fresh.map(({ listing }, index) => [listing, inserted[index] as CertifiedProductEntity]));
    const outcome: Array<{ product: CertifiedProductEntity; vendor: VendorEntity }> = [];
    for (const { listing, vendor } of listings) {
      const row = existing.get(`${vendor.id}/${listing.slug}`);
      if (!row) {
        outcome.push({ product: products.get(listing) as CertifiedProductEntity, vendor });
        continue;
      }
      if (row.sourcePage !== null) {
        throw conflict(
          `${listingLabel(vendor, row, program)} is listed by another page (${row.sourcePage}): a product is imported from one page only.`,
          { field: 'markdown' },
        );
      }
      const next = {
        ...listingFields(listing),
        sourcePage: pagePath,
        status: ListingStatus.LISTED,
        withdrawnAt: null,
        searchKey: listingSearchKey(vendor.name, listing.name),
        version: row.version + 1,
      };
      await manager.update(CertifiedProductEntity, { id: row.id }, next);
      outcome.push({ product: { ...row, ...next } as CertifiedProductEntity, vendor });
    }
    return outcome;
  }
}

function listingFields(listing: ParsedListing) {
  return { name: listing.name, group: listing.group, attributes: listing.attributes, notes: listing.notes };
}

/** The page's attribute columns, in page order, each name once (several tables often share them). */
export function programColumns(content: ProductPageContent): AttributeColumn[] {
  const columns = new Map<string, AttributeColumn>();
  for (const column of content.tables.flatMap((table) => table.columns)) {
    if (!columns.has(column.name.toLowerCase())) columns.set(column.name.toLowerCase(), column);
  }
  return [...columns.values()];
}
