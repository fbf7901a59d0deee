import { ADMISSION_STATUSES, type AdmissionStatus, isAdmissionStatus } from '@certhub/domain/admission-status';
import type { ProgramFilter } from '../../gql/graphql.js';

/** The programs list's filter, as kept in the address: `?status=CLOSED&category=devices&q=phone`. */
export interface ProgramsFilter {
  status: AdmissionStatus | null;
  category: string | null;
  search: string;
}

export function filterFromSearchParams(params: URLSearchParams): ProgramsFilter {
  const status = params.get('status');
  return {
    status: isAdmissionStatus(status) ? status : null,
    category: params.get('category') || null,
    search: params.get('q') ?? '',
  };
}

export function filterToSearchParams(filter: ProgramsFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.category) params.set('category', filter.category);
  if (filter.search.trim()) params.set('q', filter.search);
  return params;
}

/** The API's filter: every status, closed programs too, unless one is chosen. */
export function toProgramFilter(filter: ProgramsFilter): ProgramFilter {
  return {
    admissionStatus: filter.status ? [filter.status] : [...ADMISSION_STATUSES],
    ...(filter.category ? { categorySlug: filter.category } : {}),
    ...(filter.search.trim() ? { search: filter.search.trim() } : {}),
  };
}
