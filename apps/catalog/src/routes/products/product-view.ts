/**
 * A view of certified products as it stands in the URL: which listings (status, words) and in what
 * order. `?status=all&q=mediant&sort=Software+Version&dir=desc`. The filters go to the API and to
 * the export; the order is applied to the rows shown.
 */

export type ListingStatusChoice = 'LISTED' | 'WITHDRAWN' | 'ALL';
export type SortDirection = 'asc' | 'desc';

export interface ProductView {
  /** Listed now unless the URL asks otherwise: a directory answers "is it certified today?". */
  status: ListingStatusChoice;
  search: string;
  /** A column's name ("Vendor", "Product", "Status", or one of the program's own); null keeps the API's order (vendor, then product). */
  sort: string | null;
  direction: SortDirection;
}

export const DEFAULT_VIEW: ProductView = { status: 'LISTED', search: '', sort: null, direction: 'asc' };

/**
 * The view of the lists across programs (a vendor's record, the "is it certified?" search): a
 * withdrawn listing answers there too ("it was, until…"), so all are shown unless the URL narrows it.
 */
export const ALL_LISTINGS_VIEW: ProductView = { ...DEFAULT_VIEW, status: 'ALL' };

/** In the order the filter offers them; their words are the site's `products.choice.*` messages. */
export const STATUS_CHOICES: readonly ListingStatusChoice[] = ['LISTED', 'WITHDRAWN', 'ALL'];

export function viewFromSearchParams(params: URLSearchParams, defaults: ProductView = DEFAULT_VIEW): ProductView {
  const status = params.get('status')?.toUpperCase();
  return {
    status: STATUS_CHOICES.includes(status as ListingStatusChoice) ? (status as ListingStatusChoice) : defaults.status,
    search: params.get('q') ?? defaults.search,
    sort: params.get('sort') || defaults.sort,
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** Only what differs from the page's defaults, so that the plain page has a plain URL. */
export function viewToSearchParams(view: ProductView, defaults: ProductView = DEFAULT_VIEW): URLSearchParams {
  const params = new URLSearchParams();
  if (view.status !== defaults.status) params.set('status', view.status.toLowerCase());
  if (view.search.trim()) params.set('q', view.search.trim());
  if (view.sort) {
    params.set('sort', view.sort);
    if (view.direction === 'desc') params.set('dir', 'desc');
  }
  return params;
}

/** The API's `CertifiedProductFilter` for this view, within a program or a vendor when the page is one. */
export function toProductFilter(view: ProductView, scope: { programSlug?: string; vendorSlug?: string } = {}) {
  return {
    programSlug: scope.programSlug ?? null,
    vendorSlug: scope.vendorSlug ?? null,
    status: view.status === 'ALL' ? null : view.status,
    search: view.search.trim() || null,
  };
}

/** The download of the same listings, served by the server with the same filter. */
export function productExportUrl(filter: ReturnType<typeof toProductFilter>, format: 'csv' | 'json'): string {
  const params = new URLSearchParams();
  if (filter.programSlug) params.set('program', filter.programSlug);
  if (filter.vendorSlug) params.set('vendor', filter.vendorSlug);
  if (filter.status) params.set('status', filter.status);
  if (filter.search) params.set('q', filter.search);
  return `/export/certified-products.${format}?${params}`;
}

/** Names and versions compare as people read them: "SBC 500" before "SBC 1000", case and accents aside. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The rows in the view's order; rows without a value in the sorted column go last either way, and
 * equal values keep the API's order (the sort is stable).
 */
export function sortRows<T>(rows: readonly T[], sortKey: (row: T) => string | null, direction: SortDirection): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  return rows
    .map((row) => ({ row, value: sortKey(row) || null }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? 1 : -1;
      return sign * collator.compare(a.value, b.value);
    })
    .map(({ row }) => row);
}

/** The direction a click on a column header asks for: ascending first, then descending. */
export function nextSort(view: ProductView, column: string): Pick<ProductView, 'sort' | 'direction'> {
  if (view.sort !== column) return { sort: column, direction: 'asc' };
  return { sort: column, direction: view.direction === 'asc' ? 'desc' : 'asc' };
}
