import { SelectField } from '@certhub/web-ui/fields';
import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../../i18n/locale.js';
import { type Column, columnLabel } from './product-columns.js';
import {
  DEFAULT_VIEW,
  type ListingStatusChoice,
  type ProductView,
  type SortDirection,
  STATUS_CHOICES,
  viewFromSearchParams,
  viewToSearchParams,
} from './product-view.js';

/** How long typing may pause before the words go into the URL (and to the server). */
const SEARCH_DELAY_MS = 250;

/** The view of the page's listings, kept in the URL: back, forward and shared links show the same. */
export function useProductView(defaults: ProductView = DEFAULT_VIEW): [ProductView, (next: ProductView) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = viewFromSearchParams(searchParams, defaults);
  const setView = (next: ProductView) =>
    setSearchParams(viewToSearchParams(next, defaults), { replace: next.search !== view.search });
  return [view, setView];
}

/**
 * Words (vendor or product name), listed or withdrawn, and an order: the same controls on every
 * list of listings. The order is also here, not only in the column headers, for phones, where the
 * table is laid out as cards without its header row.
 */
export function ProductFilters({
  label,
  view,
  onChange,
  sortColumns,
}: {
  label: string;
  view: ProductView;
  onChange: (view: ProductView) => void;
  sortColumns: readonly Column[];
}) {
  const t = useT();
  const id = useId();
  const [search, setSearch] = useState(view.search);
  useEffect(() => setSearch(view.search), [view.search]);
  useEffect(() => {
    if (search === view.search) return;
    const timer = setTimeout(() => onChange({ ...view, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, view, onChange]);

  return (
    <search>
      <form className="filters" aria-label={label} onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('products.searchLabel')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
          />
        </div>
        <SelectField<ListingStatusChoice>
          label={t('products.statusFilter')}
          value={view.status}
          options={STATUS_CHOICES.map((status) => ({ value: status, label: t(`products.choice.${status}`) }))}
          onChange={(status) => onChange({ ...view, status: status || DEFAULT_VIEW.status })}
        />
        <SelectField
          label={t('products.sortBy')}
          value={view.sort ?? ''}
          empty={t('products.sortDefault')}
          options={sortColumns.map((column) => ({ value: column.name, label: columnLabel(column, t) }))}
          onChange={(sort) => onChange({ ...view, sort: sort || null })}
        />
        <SelectField<SortDirection>
          label={t('products.order')}
          value={view.direction}
          disabled={!view.sort}
          options={[
            { value: 'asc', label: t('products.ascending') },
            { value: 'desc', label: t('products.descending') },
          ]}
          onChange={(direction) => onChange({ ...view, direction: direction || 'asc' })}
        />
      </form>
    </search>
  );
}
