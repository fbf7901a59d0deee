import type { ReactNode } from 'react';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import { graphql } from '../../gql/index.js';
import { useT } from '../../i18n/locale.js';
import { ExportLinks } from './ExportLinks.js';
import { ProductTable, type ProductTableRow, TableNotes } from './ProductTable.js';
import { columnValue, listingColumns } from './product-columns.js';
import { type ProductView, sortRows, type toProductFilter } from './product-view.js';

/**
 * The certified products a page lists (`certifiedProducts(filter:…, first: 100, after: $after)`):
 * how many match, the rows, and where the next page starts (`useAllProducts` reads them all).
 */
export const ProductResults_products = graphql(`
  fragment ProductResults_products on CertifiedProductConnection {
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
`);

/** A page's list as `useAllProducts` reads it: the query's states, the rows read so far, and how many match. */
export interface ProductList {
  loading: boolean;
  error?: unknown;
  refetch: () => unknown;
  /** Every page read (the rows are all of them). */
  complete: boolean;
  /** Whether a list has come (this one or, while the next loads, the previous one). */
  hasData: boolean;
  rows: readonly ProductTableRow[];
  totalCount: number;
}

/**
 * A list of listings with its states: loading, could not load, nothing matches (with a way out),
 * or the table in the view's order, how many there are, and the same listings as files.
 */
export function ProductResults({
  caption,
  list,
  view,
  onView,
  filter,
  attributeNames = [],
  showProgram = false,
  showVendor = true,
  showGroup = false,
  empty,
}: {
  caption: string;
  list: ProductList;
  view: ProductView;
  onView: (view: ProductView) => void;
  filter: ReturnType<typeof toProductFilter>;
  attributeNames?: readonly string[];
  showProgram?: boolean;
  showVendor?: boolean;
  showGroup?: boolean;
  /** What to say when nothing matches, before the ways to widen the view. */
  empty: ReactNode;
}) {
  const t = useT();
  const { rows, totalCount } = list;
  if (list.error && !list.hasData) return <PageLoadError what="products.what" error={list.error} retry={list.refetch} />;
  if (!list.hasData) return <PageLoading message="products.loading" />;

  const column = listingColumns({ attributeNames, showProgram, showVendor, showGroup }).find(
    (candidate) => candidate.name === view.sort,
  );
  const shown = column ? sortRows(rows, (row) => columnValue(column, row), view.direction) : rows;
  return (
    <div aria-busy={list.loading || !list.complete}>
      <p className="result-summary" role="status" aria-live="polite">
        {describe(t, totalCount, rows.length, view)}
      </p>
      {totalCount === 0 ? (
        <div className="empty-state">
          {empty}
          <WidenView view={view} onView={onView} />
        </div>
      ) : (
        <ProductTable
          caption={caption}
          rows={shown}
          attributeNames={attributeNames}
          showProgram={showProgram}
          showVendor={showVendor}
          showGroup={showGroup}
          view={view}
          onSort={(sort) => onView({ ...view, ...sort })}
        />
      )}
      <TableNotes rows={rows} />
      <ExportLinks filter={filter} />
    </div>
  );
}

type Translate = ReturnType<typeof useT>;

function describe(t: Translate, count: number, loaded: number, view: ProductView): string {
  const search = view.search.trim();
  const withdrawn = view.status === 'WITHDRAWN';
  const listings = search
    ? t(withdrawn ? 'products.summaryWithdrawnMatching' : 'products.summaryMatching', { count, search })
    : t(withdrawn ? 'products.summaryWithdrawn' : 'products.summary', { count });
  return loaded < count ? `${listings} ${t('products.loadingMore', { loaded, total: count })}` : listings;
}

function WidenView({ view, onView }: { view: ProductView; onView: (view: ProductView) => void }) {
  const t = useT();
  const ways: Array<{ label: string; next: ProductView }> = [];
  if (view.status !== 'ALL') ways.push({ label: t('products.includeWithdrawn'), next: { ...view, status: 'ALL' } });
  if (view.search.trim())
    ways.push({ label: t('catalog.showOtherNames', { search: view.search.trim() }), next: { ...view, search: '' } });
  if (ways.length === 0) return null;
  return (
    <ul>
      {ways.map(({ label, next }) => (
        <li key={label}>
          <button type="button" className="link-button" onClick={() => onView(next)}>
            {label}
          </button>
        </li>
      ))}
    </ul>
  );
}
