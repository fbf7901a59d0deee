import { graphql } from '../../gql/index.js';
import { useT } from '../../i18n/locale.js';
import { ProductFilters, useProductView } from './ProductFilters.js';
import { ProductResults } from './ProductResults.js';
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
      ...ProductResults_products
    }
  }
`);

/**
 * A program's certified products, with the program's own columns: the directory half of the
 * program page. Sorted and filtered in place; the view is in the URL, so a filtered list can be
 * shared and downloaded as it is.
 */
export function ProgramProducts({ programSlug, programName }: { programSlug: string; programName: string }) {
  const t = useT();
  const [view, setView] = useProductView();
  const filter = toProductFilter(view, { programSlug });
  const { shown, list } = useAllProducts(ProgramProductsQuery, { programSlug, filter });
  const { rows } = list;
  const attributeNames = attributeColumnNames(shown?.program?.certifiedProductColumns, rows);
  const showGroup = rows.some((row) => row.group);
  const sortColumns = listingColumns({ attributeNames, showProgram: false, showVendor: true, showGroup });

  // Most programs have no product page: one sentence, without controls that could find nothing.
  if (list.hasData && list.totalCount === 0 && viewToSearchParams(view).size === 0) {
    return (
      <section aria-labelledby="products-heading" className="program-products">
        <h2 id="products-heading">{t('products.heading')}</h2>
        <p>{t('products.noneForProgram', { program: programName })}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="products-heading" className="program-products">
      <h2 id="products-heading">{t('products.heading')}</h2>
      <ProductFilters
        label={t('products.filterProgram', { program: programName })}
        view={view}
        onChange={setView}
        sortColumns={sortColumns}
      />
      <ProductResults
        caption={t('products.captionProgram', { program: programName })}
        list={list}
        view={view}
        onView={setView}
        filter={filter}
        attributeNames={attributeNames}
        showGroup={showGroup}
        empty={
          <p>
            {view.status === 'WITHDRAWN' && !view.search.trim()
              ? t('products.noneWithdrawn', { program: programName })
              : t('products.noMatch')}
          </p>
        }
      />
    </section>
  );
}
