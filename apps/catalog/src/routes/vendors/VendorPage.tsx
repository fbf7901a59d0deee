import { useParams } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { ProductFilters, useProductView } from '../products/ProductFilters.js';
import { ProductResults } from '../products/ProductResults.js';
import { productRows } from '../products/ProductTable.js';
import { type ProductView, toProductFilter } from '../products/product-view.js';
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
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ...ProductTable_product
        }
      }
    }
  }
`);

/** A vendor's whole record, withdrawn listings included (with their dates), unless the URL narrows it. */
const VENDOR_DEFAULTS: ProductView = { status: 'ALL', search: '', sort: null, direction: 'asc' };

const SORT_COLUMNS = ['Product', 'Program', 'Status'];

/** A vendor and its certified products across every program. */
export function VendorPage() {
  const { slug = '' } = useParams();
  const [view, setView] = useProductView(VENDOR_DEFAULTS);
  const filter = toProductFilter(view, { vendorSlug: slug });
  const query = useAllProducts(VendorPageQuery, { slug, filter });
  const shown = query.data ?? query.previousData;
  const vendor = shown?.vendor;
  usePageTitle(vendor?.name ?? (query.loading ? 'Vendor' : null));

  if (shown && !vendor) return <NotFoundPage />;
  const rows = productRows(shown?.certifiedProducts.edges.map((edge) => edge.node) ?? []);
  return (
    <section className="page">
      <h1>{vendor?.name ?? 'Vendor'}</h1>
      {vendor?.url && (
        <p>
          Website: <a href={vendor.url}>{hostnameOf(vendor.url)}</a>
        </p>
      )}
      <ProductFilters
        label={`Filter the products of ${vendor?.name ?? 'this vendor'}`}
        view={view}
        onChange={setView}
        sortColumns={SORT_COLUMNS}
      />
      <ProductResults
        caption={`Products of ${vendor?.name ?? 'this vendor'} certified across programs`}
        query={{ ...query, hasData: Boolean(shown) }}
        rows={rows}
        totalCount={shown?.certifiedProducts.totalCount ?? 0}
        view={view}
        onView={setView}
        filter={filter}
        showProgram
        showVendor={false}
        empty={<p>No listing of {vendor?.name ?? 'this vendor'} matches this view.</p>}
      />
    </section>
  );
}
