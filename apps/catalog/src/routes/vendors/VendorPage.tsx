import { FormattedMessage } from 'react-intl';
import { useParams } from 'react-router';
import { graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { usePageMeta } from '../../page-head/page-meta.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { ProductFilters, useProductView } from '../products/ProductFilters.js';
import { ProductResults } from '../products/ProductResults.js';
import { listingColumns } from '../products/product-columns.js';
import { ALL_LISTINGS_VIEW, toProductFilter } from '../products/product-view.js';
import { useAllProducts } from '../products/use-all-products.js';
import { hostnameOf } from '../products/web-address.js';

const VendorPageQuery = graphql(`
  query VendorPage($slug: String!, $filter: CertifiedProductFilter!, $after: String) {
    vendor(slug: $slug) {
      id
      name
      slug
      url
    }
    certifiedProducts(filter: $filter, first: 100, after: $after) {
      ...ProductResults_products
    }
  }
`);

const SORT_COLUMNS = listingColumns({ attributeNames: [], showProgram: true, showVendor: false });

/** A vendor and its certified products across every program; an unknown vendor is a 404 (not indexed). */
export function VendorPage() {
  const t = useT();
  const { localePath } = useLocale();
  const { slug = '' } = useParams();
  const [view, setView] = useProductView(ALL_LISTINGS_VIEW);
  const filter = toProductFilter(view, { vendorSlug: slug });
  const { shown, list } = useAllProducts(VendorPageQuery, { slug, filter });
  const vendor = shown?.vendor;
  const path = localePath(`/vendors/${slug}`);
  // Not found: NotFoundPage speaks for the page.
  usePageMeta(
    vendor
      ? {
          title: vendor.name,
          description: t('vendor.description', { vendor: vendor.name }),
          canonicalPath: path,
          structuredData: (url) => ({
            '@type': 'Organization',
            name: vendor.name,
            url: url(path),
            ...(vendor.url ? { sameAs: [vendor.url] } : {}),
          }),
        }
      : shown
        ? null
        : { title: t('vendor.title') },
  );

  if (shown && !vendor) return <NotFoundPage />;
  const name = vendor?.name ?? t('vendor.title');
  return (
    <section className="page">
      <h1>{name}</h1>
      {vendor?.url && (
        <p>
          <FormattedMessage id="vendor.website" values={{ link: <a href={vendor.url}>{hostnameOf(vendor.url)}</a> }} />
        </p>
      )}
      <ProductFilters label={t('vendor.filter', { vendor: name })} view={view} onChange={setView} sortColumns={SORT_COLUMNS} />
      <ProductResults
        caption={t('vendor.caption', { vendor: name })}
        list={list}
        view={view}
        onView={setView}
        filter={filter}
        showProgram
        showVendor={false}
        empty={<p>{t('vendor.noMatch', { vendor: name })}</p>}
      />
    </section>
  );
}
