import { LOCALES, localePath } from '@certhub/domain/i18n/locales';
import type { Services } from '../../context.js';

interface SitemapEntry {
  path: string;
  lastModified: Date | null;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (character) => XML_ESCAPES[character] as string);

const latest = (dates: readonly Date[]): Date | null =>
  dates.reduce<Date | null>((newest, date) => (newest && newest >= date ? newest : date), null);

/**
 * Every public page a search engine should know (sitemaps.org 0.9): the catalogue, its category
 * views, each program in the catalogue (closed programs are not: their pages answer 410), how to
 * join, what changed, the developers' page, the "Is it certified?" search, each vendor of the directory and each
 * listing (withdrawn ones too: their address stays, and says since when), in every language of the
 * site (`/de/…`); `lastmod` is when what a page shows last changed.
 */
export async function sitemapXml(services: Services, publicUrl: string): Promise<string> {
  const [programs, categories, listings, vendors, lastChange] = await Promise.all([
    services.programs.findAll(null),
    services.categories.findAll(),
    services.directory.findAll(null),
    services.directory.findAllVendors(),
    services.catalogHistory.lastChangeAt(),
  ]);
  const listingsChanged = new Map<number, Date[]>();
  for (const listing of listings) {
    const dates = listingsChanged.get(listing.vendorId);
    if (dates) dates.push(listing.updatedAt);
    else listingsChanged.set(listing.vendorId, [listing.updatedAt]);
  }
  const catalogueChanged = latest(programs.map((program) => program.updatedAt));
  const entries: SitemapEntry[] = [
    { path: '/', lastModified: catalogueChanged },
    ...categories.map((category) => ({
      path: `/?category=${encodeURIComponent(category.slug)}`,
      lastModified: latest(programs.filter((program) => program.categoryId === category.id).map((program) => program.updatedAt)),
    })),
    ...programs.map((program) => ({ path: `/programs/${encodeURIComponent(program.slug)}`, lastModified: program.updatedAt })),
    // It lists the programs seeking partners now.
    { path: '/join', lastModified: catalogueChanged },
    // What changed: it lists the catalogue's changes, so it changed with the latest of them.
    { path: '/changes', lastModified: lastChange },
    { path: '/api', lastModified: null },
    { path: '/certified', lastModified: latest(listings.map((listing) => listing.updatedAt)) },
    ...vendors.map((vendor) => ({
      path: `/vendors/${encodeURIComponent(vendor.slug)}`,
      lastModified: latest([vendor.updatedAt, ...(listingsChanged.get(vendor.id) ?? [])]),
    })),
    ...listings.map((listing) => ({
      path: `/products/${encodeURIComponent(listing.listingSlug)}`,
      lastModified: listing.updatedAt,
    })),
  ];
  const urls = LOCALES.flatMap((locale) =>
    entries.map(({ path, lastModified }) => {
      const lastmod = lastModified ? `<lastmod>${lastModified.toISOString()}</lastmod>` : '';
      return `  <url><loc>${escapeXml(new URL(localePath(locale, path), publicUrl).href)}</loc>${lastmod}</url>`;
    }),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** Crawlers may read the public site, not the console, the API or an applicant's own page; the sitemap says what there is. */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /admin',
    'Disallow: /graphql',
    ...LOCALES.map((locale) => `Disallow: ${localePath(locale, '/applications/')}`),
    ...LOCALES.map((locale) => `Disallow: ${localePath(locale, '/watch/')}`),
    'Disallow: /export/',
    'Allow: /',
    '',
    `Sitemap: ${new URL('/sitemap.xml', publicUrl).href}`,
    '',
  ].join('\n');
}
