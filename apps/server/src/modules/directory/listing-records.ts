import { type AttributeValue, directorySlug, type ListingNote, ListingStatus, searchKey } from '@certhub/domain/directory';
import type { EntityManager } from 'typeorm';
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

/** The vendor with the slug of `name`, added when new (its website set when it has none yet). */
export async function vendorFor(
  manager: EntityManager,
  vendor: { name: string; website: string | null },
  audit: AuditEventInput[],
  by: Omit<AuditEventInput, 'entityType' | 'entityId' | 'action' | 'summary' | 'changes'>,
): Promise<VendorEntity> {
  const slug = directorySlug(vendor.name);
  const existing = await manager.findOneBy(VendorEntity, { slug });
  if (existing) {
    if (existing.url === null && vendor.website !== null) {
      await manager.update(VendorEntity, { id: existing.id }, { url: vendor.website });
      audit.push({
        ...by,
        entityType: 'Vendor',
        entityId: String(existing.id),
        action: 'vendor-updated',
        summary: `Linked the vendor "${existing.name}" to ${vendor.website}`,
        changes: { url: { from: null, to: vendor.website } },
      });
      existing.url = vendor.website;
    }
    return existing;
  }
  const created = await manager.save(
    manager.create(VendorEntity, { slug, name: vendor.name, url: vendor.website, searchKey: searchKey(vendor.name) }),
  );
  audit.push({
    ...by,
    entityType: 'Vendor',
    entityId: String(created.id),
    action: 'vendor-created',
    summary: `Added the vendor "${created.name}"`,
    changes: { name: { from: null, to: created.name }, url: { from: null, to: created.url } },
  });
  return created;
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
  return manager.save(
    manager.create(CertifiedProductEntity, {
      programId: listing.program.id,
      vendorId: listing.vendor.id,
      slug: listing.slug,
      listingSlug: await freeListingSlug(manager, `${listing.vendor.slug}-${listing.slug}-${listing.program.slug}`),
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
    }),
  );
}

/** `candidate`, or `candidate-2`, `candidate-3`… whichever no listing has: a listing's address never changes hands. */
async function freeListingSlug(manager: EntityManager, candidate: string): Promise<string> {
  let slug = candidate;
  for (let suffix = 2; await manager.existsBy(CertifiedProductEntity, { listingSlug: slug }); suffix += 1) {
    slug = `${candidate}-${suffix}`;
  }
  return slug;
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
