import { describe, expect, it } from 'vitest';
import { attributeColumnNames, attributeText, columnValue, listingColumns } from './product-columns.js';
import {
  ALL_LISTINGS_VIEW,
  DEFAULT_VIEW,
  nextSort,
  productExportUrl,
  sortRows,
  toProductFilter,
  viewFromSearchParams,
  viewToSearchParams,
} from './product-view.js';

describe('a view of certified products in the URL', () => {
  it('round-trips a sorted, filtered view and keeps the plain list at a plain URL', () => {
    const params = new URLSearchParams('status=all&q=mediant&sort=Software+Version&dir=desc');
    const view = viewFromSearchParams(params);
    expect(view).toEqual({ status: 'ALL', search: 'mediant', sort: 'Software Version', direction: 'desc' });
    expect(viewToSearchParams(view).toString()).toBe(params.toString());
    expect(viewToSearchParams(DEFAULT_VIEW).toString()).toBe('');
    expect(viewFromSearchParams(new URLSearchParams('status=bogus&dir=sideways'))).toEqual(DEFAULT_VIEW);
  });

  it('leaves out what equals the page defaults (the search and vendor pages show withdrawn listings too)', () => {
    expect(ALL_LISTINGS_VIEW).toEqual({ ...DEFAULT_VIEW, status: 'ALL' });
    expect(viewToSearchParams({ ...ALL_LISTINGS_VIEW, search: ' polycom ' }, ALL_LISTINGS_VIEW).toString()).toBe('q=polycom');
    expect(viewToSearchParams({ ...ALL_LISTINGS_VIEW, status: 'LISTED' }, ALL_LISTINGS_VIEW).toString()).toBe('status=listed');
    expect(viewFromSearchParams(new URLSearchParams(''), ALL_LISTINGS_VIEW).status).toBe('ALL');
  });

  it('asks the API and the export for the same listings', () => {
    const filter = toProductFilter({ ...DEFAULT_VIEW, search: ' sbc ' }, { programSlug: 'sbc' });
    expect(filter).toEqual({ programSlug: 'sbc', vendorSlug: null, status: 'LISTED', search: 'sbc' });
    expect(productExportUrl(filter, 'csv')).toBe('/export/certified-products.csv?program=sbc&status=LISTED&q=sbc');
    expect(productExportUrl(toProductFilter({ ...DEFAULT_VIEW, status: 'ALL' }, { vendorSlug: 'audiocodes' }), 'json')).toBe(
      '/export/certified-products.json?vendor=audiocodes',
    );
  });

  it('sorts as people read names and versions, empty values last, and flips on a second click', () => {
    const rows = ['SBC 5000', 'SBC 1000', '', 'sbc 500'].map((name) => ({ name }));
    expect(sortRows(rows, (row) => row.name, 'asc').map((row) => row.name)).toEqual(['sbc 500', 'SBC 1000', 'SBC 5000', '']);
    expect(sortRows(rows, (row) => row.name, 'desc').map((row) => row.name)).toEqual(['SBC 5000', 'SBC 1000', 'sbc 500', '']);
    expect(nextSort(DEFAULT_VIEW, 'Vendor')).toEqual({ sort: 'Vendor', direction: 'asc' });
    expect(nextSort({ ...DEFAULT_VIEW, sort: 'Vendor' }, 'Vendor')).toEqual({ sort: 'Vendor', direction: 'desc' });
  });
});

describe('the columns of a table of listings', () => {
  const row = {
    name: 'Mediant 500 E-SBC',
    status: 'LISTED',
    listedSince: '2020-10-12T00:00:00.000Z',
    vendor: { name: 'Audiocodes' },
    program: { name: 'Session Border Controllers' },
    group: null,
    attributes: [
      { name: 'ExUM Support', kind: 'YES_NO' as const, value: 'No / Yes', values: ['no', 'yes'] },
      { name: 'Software Version', kind: 'VERSIONS' as const, value: '4.2.4 / 05.01.00-R000', values: ['4.2.4', '05.01.00-R000'] },
    ],
  };

  it("has the program's own columns between the product and its status", () => {
    const columns = listingColumns({ attributeNames: ['ExUM Support'], showProgram: false, showVendor: true });
    expect(columns.map((column) => column.name)).toEqual(['Vendor', 'Product', 'ExUM Support', 'Status']);
    expect(listingColumns({ attributeNames: [], showProgram: true, showVendor: false }).map((column) => column.name)).toEqual([
      'Product',
      'Program',
      'Status',
    ]);
  });

  it('takes the columns the program declares, else those its listings carry, in order', () => {
    expect(attributeColumnNames([{ name: 'Version' }], [row])).toEqual(['Version']);
    expect(attributeColumnNames([], [row, { attributes: [{ name: 'Remarks' }] }])).toEqual([
      'ExUM Support',
      'Software Version',
      'Remarks',
    ]);
  });

  it('shows a yes as a tick with words, and several values one per line', () => {
    const [exum, versions] = row.attributes;
    expect(exum && attributeText(exum)).toEqual(['No', '✔ Yes']);
    expect(versions && attributeText(versions)).toEqual(['4.2.4', '05.01.00-R000']);
    expect(attributeText({ name: 'Remarks', kind: 'TEXT', value: '', values: [] })).toEqual([]);
    expect(columnValue({ name: 'Software Version', kind: 'attribute' }, row)).toBe('4.2.4 / 05.01.00-R000');
    expect(columnValue({ name: 'Listed under', kind: 'group' }, row)).toBeNull();
    expect(columnValue({ name: 'Missing', kind: 'attribute' }, row)).toBeNull();
  });
});
