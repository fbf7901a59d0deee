/** A listing's address on the public site, for a vendor to cite: its slug, which no edit changes. */
export function listingPath(listing: { slug: string }): string {
  return `/products/${listing.slug}`;
}
