import { describe, expect, it } from 'vitest';
import {
  exportUrl,
  filterFromSearchParams,
  filterToSearchParams,
  isFiltered,
  NO_FILTER,
  toGraphQLQuery,
  toProgramFilter,
} from './catalog-filters.js';

describe('catalogue filters in the URL', () => {
  it('round-trips a filtered view through the URL', () => {
    const params = new URLSearchParams('status=SEEKING_PARTNERS&category=devices&lab=ast&q=phone');
    const filter = filterFromSearchParams(params);
    expect(filter).toEqual({ status: 'SEEKING_PARTNERS', category: 'devices', lab: 'ast', search: 'phone' });
    expect(filterToSearchParams(filter).toString()).toBe(params.toString());
  });

  it('keeps the plain catalogue at a plain URL and ignores statuses the catalogue does not show', () => {
    expect(filterToSearchParams(NO_FILTER).toString()).toBe('');
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(filterFromSearchParams(new URLSearchParams('status=CLOSED')).status).toBeNull();
    expect(filterFromSearchParams(new URLSearchParams('status=bogus')).status).toBeNull();
    expect(filterToSearchParams({ ...NO_FILTER, search: '   ' }).toString()).toBe('');
  });

  it('asks the API for the same view, and counts per status within it', () => {
    const filter = { status: 'NOT_SEEKING_PARTNERS' as const, category: 'isv', lab: null, search: ' con ' };
    expect(toProgramFilter(filter)).toEqual({
      admissionStatus: ['NOT_SEEKING_PARTNERS'],
      categorySlug: 'isv',
      labSlug: null,
      search: 'con',
    });
    expect(toProgramFilter(filter, 'SEEKING_PARTNERS').admissionStatus).toEqual(['SEEKING_PARTNERS']);
  });

  it('offers the same view as a download and as a GraphQL query', () => {
    const filter = { status: 'SEEKING_PARTNERS' as const, category: null, lab: 'wipro', search: 'a "b"' };
    expect(exportUrl(filter, 'csv')).toBe('/export/catalogue.csv?status=SEEKING_PARTNERS&lab=wipro&q=a+%22b%22');
    expect(exportUrl(NO_FILTER, 'json')).toBe('/export/catalogue.json');
    const query = toGraphQLQuery(filter);
    expect(query).toContain(
      'programs(filter: { admissionStatus: SEEKING_PARTNERS, labSlug: "wipro", search: "a \\"b\\"" }, first: 100)',
    );
    expect(toGraphQLQuery(NO_FILTER)).toContain('programs(first: 100)');
  });
});
