/** A listing's address, the same in the console (under /admin) and on the public site: its slug, which no edit changes. */
export function listingPath(listing: { slug: string }): string {
  return `/products/${listing.slug}`;
}
