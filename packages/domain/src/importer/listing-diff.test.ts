import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directorySlug, ListingStatus, type ParsedListing } from '../directory.js';
import { editPage } from '../test-fixtures/how-to-join-pages.js';
import { type CurrentListing, diffListings } from './listing-diff.js';
import { parseProductPage } from './parse-product-page.js';

const SBC = readFileSync(new URL('./fixtures/product-pages/certification__infra-sbc.md', import.meta.url), 'utf8');
const listingsOf = (source: string) => parseProductPage(source).tables.flatMap((table) => table.listings);

/** The directory after importing `listings`, ids in page order. */
function stored(listings: readonly ParsedListing[], status = ListingStatus.LISTED): CurrentListing[] {
  return listings.map((listing, index) => ({
    id: index + 1,
    vendorSlug: directorySlug(listing.vendor.name),
    vendorName: listing.vendor.name,
    slug: listing.slug,
    name: listing.name,
    group: listing.group,
    attributes: listing.attributes,
    notes: listing.notes,
    status,
  }));
}

describe('diffListings', () => {
  it('finds nothing to do when the page is imported again', () => {
    const listings = listingsOf(SBC);
    expect(diffListings(stored(listings), listings)).toStrictEqual({
      added: [],
      changed: [],
      relisted: [],
      withdrawn: [],
      unchanged: listings.length,
    });
  });

  it('withdraws a product no longer listed, lists a new one and records a changed version', () => {
    const before = listingsOf(SBC);
    let edited = editPage(SBC, '| | SBC 5000 | | 4.2.4F003 |\n', '');
    edited = editPage(
      edited,
      '|SBC SWe | <br/> &#x2714; | 4.2.4 <br/> 05.01.00-R000 |',
      '|SBC SWe | <br/> &#x2714; | 4.2.4 <br/> 05.02.00-R000 |',
    );
    edited = editPage(edited, '| | SBC 7000 |', '| | SBC 9000 | | 9.0 |\n| | SBC 7000 |');
    const diff = diffListings(stored(before), listingsOf(edited));
    expect(diff.withdrawn.map(({ name }) => name)).toStrictEqual(['SBC 5000']);
    expect(diff.added.map(({ name }) => name)).toStrictEqual(['SBC 9000']);
    expect(diff.changed.map(({ next, changes }) => [next.name, changes])).toStrictEqual([
      ['SBC SWe', ['Software Version: 4.2.4 / 05.01.00-R000 → 4.2.4 / 05.02.00-R000']],
    ]);
    expect(diff.unchanged).toBe(before.length - 2);
  });

  it('lists a withdrawn product again when it returns', () => {
    const listings = listingsOf(SBC);
    const current = stored(listings).map((listing) =>
      listing.name === 'SBC 5000' ? { ...listing, status: ListingStatus.WITHDRAWN } : listing,
    );
    const diff = diffListings(current, listings);
    expect(diff.relisted.map(({ next, changes }) => [next.name, changes])).toStrictEqual([['SBC 5000', []]]);
    expect(diff.withdrawn).toStrictEqual([]);
  });

  it('does not withdraw again what is withdrawn already', () => {
    const listings = listingsOf(SBC);
    const withdrawn = stored(listings, ListingStatus.WITHDRAWN);
    expect(diffListings(withdrawn, []).withdrawn).toStrictEqual([]);
    expect(diffListings(stored(listings), []).withdrawn).toHaveLength(listings.length);
  });
});
