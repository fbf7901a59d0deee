import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import type { ReactNode } from 'react';
import { ExportLinks } from './ExportLinks.js';
import { ProductTable, type ProductTableRow, TableNotes } from './ProductTable.js';
import { columnValue, listingColumns } from './product-columns.js';
import { type ProductView, sortRows, type toProductFilter } from './product-view.js';

/**
 * A list of listings with its states: loading, could not load, nothing matches (with a way out),
 * or the table in the view's order, how many there are, and the same listings as files.
 */
export function ProductResults({
  caption,
  query,
  rows,
  totalCount,
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
  query: { loading: boolean; error?: unknown; refetch: () => unknown; complete: boolean; hasData: boolean };
  rows: readonly ProductTableRow[];
  totalCount: number;
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
  if (query.error && !query.hasData) return <LoadError what="the certified products" error={query.error} retry={query.refetch} />;
  if (!query.hasData) return <Loading what="the certified products" />;

  const column = listingColumns({ attributeNames, showProgram, showVendor, showGroup }).find(
    (candidate) => candidate.name === view.sort,
  );
  const shown = column ? sortRows(rows, (row) => columnValue(column, row), view.direction) : rows;
  return (
    <div aria-busy={query.loading || !query.complete}>
      <p className="result-summary" role="status" aria-live="polite">
        {describe(totalCount, rows.length, view)}
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

function describe(total: number, loaded: number, view: ProductView): string {
  const listings = `${total} ${view.status === 'WITHDRAWN' ? 'withdrawn ' : ''}listing${total === 1 ? '' : 's'}`;
  const progress = loaded < total ? ` Loading: ${loaded} of ${total} shown so far.` : '';
  return `${listings}${view.search.trim() ? ` match "${view.search.trim()}"` : ''}.${progress}`;
}

function WidenView({ view, onView }: { view: ProductView; onView: (view: ProductView) => void }) {
  const ways: Array<{ label: string; next: ProductView }> = [];
  if (view.status !== 'ALL') ways.push({ label: 'Include withdrawn listings', next: { ...view, status: 'ALL' } });
  if (view.search.trim()) ways.push({ label: `Show names other than "${view.search.trim()}"`, next: { ...view, search: '' } });
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
