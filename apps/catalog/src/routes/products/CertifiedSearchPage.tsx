import { Link } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { CertifiedSearchForm } from './CertifiedSearchForm.js';
import { ProductFilters, useProductView } from './ProductFilters.js';
import { ProductResults } from './ProductResults.js';
import { productRows } from './ProductTable.js';
import { type ProductView, toProductFilter } from './product-view.js';
import { useAllProducts } from './use-all-products.js';

const CertifiedSearchQuery = graphql(`
  query CertifiedSearch($filter: CertifiedProductFilter!, $after: String) {
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

/** Across programs a withdrawn listing answers the question too ("it was, until…"): all by default. */
const SEARCH_DEFAULTS: ProductView = { status: 'ALL', search: '', sort: null, direction: 'asc' };

const SORT_COLUMNS = ['Vendor', 'Product', 'Program', 'Status'];

/**
 * "Is it certified?": a product or vendor name, answered across every program, withdrawn listings
 * shown as withdrawn with their date. The question is in the URL (`/certified?q=mediant`), so an
 * answer can be shared.
 */
export function CertifiedSearchPage() {
  const [view, setView] = useProductView(SEARCH_DEFAULTS);
  const asked = view.search.trim();
  usePageTitle(asked ? `Is ${asked} certified?` : 'Is it certified?');
  const filter = toProductFilter(view);
  const query = useAllProducts(CertifiedSearchQuery, { filter }, { skip: !asked });
  const shown = query.data ?? query.previousData;
  const rows = productRows(shown?.certifiedProducts.edges.map((edge) => edge.node) ?? []);
  const vendors = new Map(rows.map((row) => [row.vendor.slug, row.vendor.name]));

  return (
    <section className="page">
      <h1>Is it certified?</h1>
      <p className="lead">
        Type the name of a product or of its vendor: every program's listings are searched, and listings that were withdrawn say
        so, with the date.
      </p>
      {asked ? (
        <ProductFilters label="Search the certified products" view={view} onChange={setView} sortColumns={SORT_COLUMNS} />
      ) : (
        <CertifiedSearchForm onSearch={(search) => setView({ ...view, search })} />
      )}
      {asked && (
        <>
          {vendors.size > 0 && vendors.size <= 10 && (
            <p>
              Vendors:{' '}
              {[...vendors].map(([slug, name], index) => (
                <span key={slug}>
                  {index > 0 && ', '}
                  <Link to={`/vendors/${slug}`}>{name}</Link>
                </span>
              ))}
            </p>
          )}
          <ProductResults
            caption={`Certified products matching "${asked}", across programs`}
            query={{ ...query, hasData: Boolean(shown) }}
            rows={rows}
            totalCount={shown?.certifiedProducts.totalCount ?? 0}
            view={view}
            onView={setView}
            filter={filter}
            showProgram
            empty={
              <>
                <h2>No listing matches "{asked}"</h2>
                <p>
                  No program lists a product or vendor by that name
                  {view.status === 'LISTED' ? ' today' : view.status === 'WITHDRAWN' ? ' as withdrawn' : ''}. Try part of the name
                  (such as the model number), or the vendor's name alone.
                </p>
              </>
            }
          />
        </>
      )}
    </section>
  );
}
