import { ADMISSION_STATUSES, type AdmissionStatus, PUBLIC_ADMISSION_STATUSES } from '@certhub/domain/admission-status';

/** What the catalogue shows, as it stands in the URL: `?status=SEEKING_PARTNERS&category=devices&lab=ast&q=phone`. */
export interface CatalogFilter {
  status: AdmissionStatus | null;
  category: string | null;
  lab: string | null;
  search: string;
}

export const NO_FILTER: CatalogFilter = { status: null, category: null, lab: null, search: '' };

const PARAMETERS = { status: 'status', category: 'category', lab: 'lab', search: 'q' } as const;

export function filterFromSearchParams(params: URLSearchParams): CatalogFilter {
  const status = params.get(PARAMETERS.status);
  return {
    // Closed programs are not in the catalogue: a shared link asking for them shows everything else.
    status: status && (PUBLIC_ADMISSION_STATUSES as readonly string[]).includes(status) ? (status as AdmissionStatus) : null,
    category: params.get(PARAMETERS.category) || null,
    lab: params.get(PARAMETERS.lab) || null,
    search: params.get(PARAMETERS.search) ?? '',
  };
}

/** Only what is set, so that the plain catalogue has a plain URL. */
export function filterToSearchParams(filter: CatalogFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set(PARAMETERS.status, filter.status);
  if (filter.category) params.set(PARAMETERS.category, filter.category);
  if (filter.lab) params.set(PARAMETERS.lab, filter.lab);
  if (filter.search.trim()) params.set(PARAMETERS.search, filter.search.trim());
  return params;
}

export function isFiltered(filter: CatalogFilter): boolean {
  return filterToSearchParams(filter).size > 0;
}

/** The API's `ProgramFilter` for this view; `status` overrides the view's own (for the counts). */
export function toProgramFilter(filter: CatalogFilter, status: AdmissionStatus | null = filter.status) {
  return {
    admissionStatus: status ? [status] : null,
    categorySlug: filter.category,
    labSlug: filter.lab,
    search: filter.search.trim() || null,
  };
}

/** The download of the same view, served by the server with the same parameters. */
export function exportUrl(filter: CatalogFilter, format: 'csv' | 'json'): string {
  const query = filterToSearchParams(filter).toString();
  return `/export/catalogue.${format}${query ? `?${query}` : ''}`;
}

/** The same view as a GraphQL query a developer can paste and run. */
export function toGraphQLQuery(filter: CatalogFilter): string {
  const programFilter = toProgramFilter(filter);
  const conditions = [
    programFilter.admissionStatus ? `admissionStatus: ${programFilter.admissionStatus[0]}` : null,
    programFilter.categorySlug ? `categorySlug: ${JSON.stringify(programFilter.categorySlug)}` : null,
    programFilter.labSlug ? `labSlug: ${JSON.stringify(programFilter.labSlug)}` : null,
    programFilter.search ? `search: ${JSON.stringify(programFilter.search)}` : null,
  ].filter(Boolean);
  const argumentsList = [conditions.length ? `filter: { ${conditions.join(', ')} }` : null, 'first: 100']
    .filter(Boolean)
    .join(', ');
  return [
    '{',
    `  programs(${argumentsList}) {`,
    '    totalCount',
    '    edges { node { name slug admissionStatus category { name } specs { title url } specAvailability labs { name url } labAvailability } }',
    '  }',
    '}',
  ].join('\n');
}

export const STATUS_FILTER_CHOICES: readonly AdmissionStatus[] = ADMISSION_STATUSES.filter((status) =>
  PUBLIC_ADMISSION_STATUSES.includes(status),
);
