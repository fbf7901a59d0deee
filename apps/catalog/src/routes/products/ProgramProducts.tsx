import { graphql } from '../../gql/index.js';
import { ProductFilters, useProductView } from './ProductFilters.js';
import { ProductResults } from './ProductResults.js';
import { productRows } from './ProductTable.js';
import { attributeColumnNames, listingColumns } from './product-columns.js';
import { toProductFilter, viewToSearchParams } from './product-view.js';
import { useAllProducts } from './use-all-products.js';

const ProgramProductsQuery = graphql(`
  query ProgramProducts($programSlug: String!, $filter: CertifiedProductFilter!, $after: String) {
    program(slug: $programSlug) {
      id
      certifiedProductColumns {
        name
      }
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

/**
 * A program's certified products, with the program's own columns: the directory half of the
 * program page. Sorted and filtered in place; the view is in the URL, so a filtered list can be
 * shared and downloaded as it is.
 */
export function ProgramProducts({ programSlug, programName }: { programSlug: string; programName: string }) {
  const [view, setView] = useProductView();
  const filter = toProductFilter(view, { programSlug });
  const query = useAllProducts(ProgramProductsQuery, { programSlug, filter });
  const { data, previousData } = query;
  const shown = data ?? previousData;
  const rows = productRows(shown?.certifiedProducts.edges.map((edge) => edge.node) ?? []);
  const attributeNames = attributeColumnNames(shown?.program?.certifiedProductColumns, rows);
  const showGroup = rows.some((row) => row.group);
  const sortColumns = listingColumns({ attributeNames, showProgram: false, showVendor: true, showGroup }).map(
    (column) => column.name,
  );

  // Most programs have no product page: one sentence, without controls that could find nothing.
  if (shown && shown.certifiedProducts.totalCount === 0 && viewToSearchParams(view).size === 0) {
    return (
      <section aria-labelledby="products-heading" className="program-products">
        <h2 id="products-heading">Certified products</h2>
        <p>No product is listed for {programName} yet.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="products-heading" className="program-products">
      <h2 id="products-heading">Certified products</h2>
      <ProductFilters
        label={`Filter the products certified for ${programName}`}
        view={view}
        onChange={setView}
        sortColumns={sortColumns}
      />
      <ProductResults
        caption={`Products certified for ${programName}`}
        query={{ ...query, hasData: Boolean(shown) }}
        rows={rows}
        totalCount={shown?.certifiedProducts.totalCount ?? 0}
        view={view}
        onView={setView}
        filter={filter}
        attributeNames={attributeNames}
        showGroup={showGroup}
        empty={
          <p>
            {view.status === 'WITHDRAWN' && !view.search.trim()
              ? `No listing of ${programName} has been withdrawn.`
              : 'No listing matches this view.'}
          </p>
        }
      />
    </section>
  );
}
