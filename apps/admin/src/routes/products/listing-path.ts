/**
 * A listing's address, the same in the console (under /admin) and on the public site: its
 * program's, its vendor's and its own slug, none of which an edit changes.
 */
export function listingPath(listing: { slug: string; program: { slug: string }; vendor: { slug: string } }): string {
  return `/products/${listing.program.slug}/${listing.vendor.slug}/${listing.slug}`;
}
