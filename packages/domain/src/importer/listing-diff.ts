import {
  type AttributeValue,
  attributeText,
  directorySlug,
  type ListingNote,
  ListingStatus,
  type ParsedListing,
} from '../directory.js';

/** A listing as the directory holds it, for comparing with a page. */
export interface CurrentListing {
  id: number;
  vendorSlug: string;
  vendorName: string;
  slug: string;
  name: string;
  group: string | null;
  attributes: AttributeValue[];
  notes: ListingNote[];
  status: ListingStatus;
}

export interface ListingUpdate {
  current: CurrentListing;
  next: ParsedListing;
  /** One line per difference, for people: `Software Version: 4.2.4 → 5.0`. */
  changes: string[];
}

export interface ListingDiff {
  added: ParsedListing[];
  /** Listed products whose name, group, attributes or notes differ. */
  changed: ListingUpdate[];
  /** Withdrawn products back on the page (with their changes, if any). */
  relisted: ListingUpdate[];
  /** Listed products of the page that it no longer lists. */
  withdrawn: CurrentListing[];
  unchanged: number;
}

/**
 * What importing a page's listings changes among the listings that page imported before. Matched
 * by vendor slug and listing slug; a product never disappears: it is withdrawn. Importing the same
 * page twice gives an empty diff the second time.
 */
export function diffListings(current: readonly CurrentListing[], next: readonly ParsedListing[]): ListingDiff {
  const byKey = new Map(current.map((listing) => [`${listing.vendorSlug}/${listing.slug}`, listing]));
  const diff: ListingDiff = { added: [], changed: [], relisted: [], withdrawn: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const listing of next) {
    const key = `${directorySlug(listing.vendor.name)}/${listing.slug}`;
    seen.add(key);
    const existing = byKey.get(key);
    if (!existing) {
      diff.added.push(listing);
      continue;
    }
    const changes = describeChanges(existing, listing);
    if (existing.status === ListingStatus.WITHDRAWN) diff.relisted.push({ current: existing, next: listing, changes });
    else if (changes.length) diff.changed.push({ current: existing, next: listing, changes });
    else diff.unchanged += 1;
  }
  for (const [key, listing] of byKey) {
    if (!seen.has(key) && listing.status === ListingStatus.LISTED) diff.withdrawn.push(listing);
  }
  return diff;
}

function describeChanges(current: CurrentListing, next: ParsedListing): string[] {
  const changes: string[] = [];
  if (current.name !== next.name) changes.push(`Name: ${current.name} → ${next.name}`);
  if (current.group !== next.group) changes.push(`Listed under: ${current.group ?? '(none)'} → ${next.group ?? '(none)'}`);
  const names = new Set([...current.attributes, ...next.attributes].map(({ name }) => name));
  for (const name of names) {
    const before = current.attributes.find((attribute) => attribute.name === name);
    const after = next.attributes.find((attribute) => attribute.name === name);
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
    changes.push(
      `${name}: ${before ? attributeText(before) || '(blank)' : '(none)'} → ${after ? attributeText(after) || '(blank)' : '(none)'}`,
    );
  }
  if (JSON.stringify(current.notes) !== JSON.stringify(next.notes)) {
    changes.push(
      `Notes: ${current.notes.map(({ text }) => text).join(' ') || '(none)'} → ${next.notes.map(({ text }) => text).join(' ') || '(none)'}`,
    );
  }
  return changes;
}
