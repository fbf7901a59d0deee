import { type AttributeValue, directorySlug, type ListingNote, ListingStatus, searchKey } from '@certhub/domain/directory';
import { type EntityManager, In } from 'typeorm';
import { chunks, ROWS_PER_STATEMENT } from '../../shared/chunks.js';
import type { AuditEventInput } from '../audit/audit.service.js';
import type { ProgramEntity } from '../program/program.entity.js';
import type { ListingEvent } from '../webhook/webhook-deliveries.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import { VendorEntity } from './vendor.entity.js';

/**
 * What the import and staff edits of listings share: finding or adding a vendor, writing a listing,
 * and the audit events and moves each change hands to `recordChange`.
 */

/** The listing fields the audit trail records, before and after. */
export const LISTING_AUDIT_FIELDS = ['name', 'group', 'attributes', 'notes', 'status'] as const;

export function listingState(product: CertifiedProductEntity): Record<string, unknown> {
  return Object.fromEntries([...LISTING_AUDIT_FIELDS, 'version' as const].map((field) => [field, product[field]]));
}

type AuditBy = Omit<AuditEventInput, 'entityType' | 'entityId' | 'action' | 'summary' | 'changes'>;

/** The vendor with the slug of `name`, added when new (its website set when it has none yet). */
export async function vendorFor(
  manager: EntityManager,
  vendor: { name: string; website: string | null },
  audit: AuditEventInput[],
  by: AuditBy,
): Promise<VendorEntity> {
  return (await vendorsFor(manager, [vendor], audit, by)).get(directorySlug(vendor.name)) as VendorEntity;
}

/**
 * The vendors of `wanted` by slug, those not yet in the directory added (one multi-row insert per
 * chunk), each linked to its website when it has none yet; every addition and link audited. A
 * vendor named several times takes its first name and first website.
 */
export async function vendorsFor(
  manager: EntityManager,
  wanted: ReadonlyArray<{ name: string; website: string | null }>,
  audit: AuditEventInput[],
  by: AuditBy,
): Promise<Map<string, VendorEntity>> {
  const bySlug = new Map<string, { name: string; website: string | null }>();
  for (const vendor of wanted) {
    const slug = directorySlug(vendor.name);
    const seen = bySlug.get(slug);
    if (!seen) bySlug.set(slug, vendor);
    else if (seen.website === null && vendor.website !== null) bySlug.set(slug, { ...seen, website: vendor.website });
  }
  const vendors = new Map<string, VendorEntity>();
  for (const slugs of chunks([...bySlug.keys()], ROWS_PER_STATEMENT)) {
    for (const vendor of await manager.findBy(VendorEntity, { slug: In(slugs) })) vendors.set(vendor.slug, vendor);
  }
  for (const [slug, { website }] of bySlug) {
    const existing = vendors.get(slug);
    if (!existing || existing.url !== null || website === null) continue;
    await manager.update(VendorEntity, { id: existing.id }, { url: website });
    audit.push({
      ...by,
      entityType: 'Vendor',
      entityId: String(existing.id),
      action: 'vendor-updated',
      summary: `Linked the vendor "${existing.name}" to ${website}`,
      changes: { url: { from: null, to: website } },
    });
    existing.url = website;
  }
  const missing = [...bySlug].filter(([slug]) => !vendors.has(slug));
  for (const part of chunks(missing, ROWS_PER_STATEMENT)) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(VendorEntity)
      .values(part.map(([slug, { name, website }]) => ({ slug, name, url: website, searchKey: searchKey(name) })))
      .updateEntity(false)
      .execute();
    const added = new Map(
      (await manager.findBy(VendorEntity, { slug: In(part.map(([slug]) => slug)) })).map((vendor) => [vendor.slug, vendor]),
    );
    for (const [slug] of part) {
      const created = added.get(slug) as VendorEntity;
      vendors.set(slug, created);
      audit.push({
        ...by,
        entityType: 'Vendor',
        entityId: String(created.id),
        action: 'vendor-created',
        summary: `Added the vendor "${created.name}"`,
        changes: { name: { from: null, to: created.name }, url: { from: null, to: created.url } },
      });
    }
  }
  return vendors;
}

export interface NewListing {
  program: ProgramEntity;
  vendor: VendorEntity;
  slug: string;
  name: string;
  group: string | null;
  attributes: AttributeValue[];
  notes: ListingNote[];
  sourcePage: string | null;
  applicationId?: number | null;
}

export async function insertListing(manager: EntityManager, listing: NewListing, at: Date): Promise<CertifiedProductEntity> {
  return (await insertListings(manager, [listing], at))[0] as CertifiedProductEntity;
}

/** Adds LISTED listings, in chunks of multi-row inserts; answers them as stored, in the order given. */
export async function insertListings(
  manager: EntityManager,
  listings: readonly NewListing[],
  at: Date,
): Promise<CertifiedProductEntity[]> {
  const slugs = await freeListingSlugs(
    manager,
    listings.map((listing) => `${listing.vendor.slug}-${listing.slug}-${listing.program.slug}`),
  );
  const inserted: CertifiedProductEntity[] = [];
  for (const [start, part] of chunks(listings, ROWS_PER_STATEMENT).map(
    (part, index) => [index * ROWS_PER_STATEMENT, part] as const,
  )) {
    const partSlugs = slugs.slice(start, start + part.length);
    await manager
      .createQueryBuilder()
      .insert()
      .into(CertifiedProductEntity)
      .values(
        part.map((listing, index) => ({
          programId: listing.program.id,
          vendorId: listing.vendor.id,
          slug: listing.slug,
          listingSlug: partSlugs[index],
          name: listing.name,
          group: listing.group,
          attributes: listing.attributes,
          notes: listing.notes,
          status: ListingStatus.LISTED,
          listedSince: at,
          withdrawnAt: null,
          sourcePage: listing.sourcePage,
          applicationId: listing.applicationId ?? null,
          searchKey: listingSearchKey(listing.vendor.name, listing.name),
          version: 1,
        })),
      )
      .updateEntity(false)
      .execute();
    const stored = new Map(
      (await manager.findBy(CertifiedProductEntity, { listingSlug: In(partSlugs) })).map((row) => [row.listingSlug, row]),
    );
    inserted.push(...partSlugs.map((slug) => stored.get(slug) as CertifiedProductEntity));
  }
  return inserted;
}

/**
 * For each candidate, itself or `candidate-2`, `candidate-3`… whichever no listing has (nor an
 * earlier candidate of the same call): a listing's address never changes hands. One read per chunk;
 * a taken address costs a read per suffix tried.
 */
async function freeListingSlugs(manager: EntityManager, candidates: readonly string[]): Promise<string[]> {
  const taken = new Set<string>();
  for (const part of chunks([...new Set(candidates)], ROWS_PER_STATEMENT)) {
    const rows = await manager.find(CertifiedProductEntity, {
      select: { id: true, listingSlug: true },
      where: { listingSlug: In(part) },
    });
    for (const row of rows) taken.add(row.listingSlug);
  }
  const chosen: string[] = [];
  for (const candidate of candidates) {
    let slug = candidate;
    for (
      let suffix = 2;
      taken.has(slug) || (slug !== candidate && (await manager.existsBy(CertifiedProductEntity, { listingSlug: slug })));
      suffix += 1
    ) {
      slug = `${candidate}-${suffix}`;
    }
    taken.add(slug);
    chosen.push(slug);
  }
  return chosen;
}

export function listingSearchKey(vendorName: string, productName: string): string {
  return searchKey(`${vendorName} ${productName}`);
}

export function listingMove(
  product: Pick<CertifiedProductEntity, 'id' | 'name' | 'slug'>,
  vendor: Pick<VendorEntity, 'name' | 'slug'>,
  program: Pick<ProgramEntity, 'id' | 'name' | 'slug'>,
  from: ListingStatus | null,
  to: ListingStatus,
  changedAt: Date,
): ListingEvent {
  return {
    product: { id: product.id, name: product.name, slug: product.slug },
    vendor: { name: vendor.name, slug: vendor.slug },
    program: { id: program.id, name: program.name, slug: program.slug },
    from,
    to,
    changedAt,
  };
}

/** How the audit trail and the change feed name a listing: "AudioCodes Mediant 500 E-SBC (SBC)". */
export function listingLabel(vendor: { name: string }, product: { name: string }, program: { name: string }): string {
  return `${vendor.name} ${product.name} (${program.name})`;
}
