import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgramProductsDocument } from '../../gql/graphql.js';
import { LocaleProvider } from '../../i18n/locale.js';
import { ProgramProducts } from './ProgramProducts.js';

const listing = (id: string, vendor: string, name: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'CertifiedProduct',
  id,
  slug: `${vendor}-${name}-sbc`.toLowerCase().replaceAll(' ', '-'),
  name,
  group: null,
  status: 'LISTED',
  listedSince: '2020-10-12T00:00:00.000Z',
  withdrawnAt: null,
  vendor: { __typename: 'Vendor', id: `v-${vendor}`, name: vendor, slug: vendor.toLowerCase() },
  program: { __typename: 'Program', id: 'p-sbc', slug: 'sbc', name: 'SBC' },
  attributes: [
    { __typename: 'ProductAttribute', name: 'ExUM Support', kind: 'YES_NO', value: 'No', values: ['no'] },
    { __typename: 'ProductAttribute', name: 'Software Version', kind: 'VERSIONS', value: '7.0', values: ['7.0'] },
  ],
  notes: [],
  ...extra,
});

const page = (nodes: ReturnType<typeof listing>[], endCursor: string, hasNextPage: boolean) => ({
  program: {
    __typename: 'Program',
    id: 'p-sbc',
    certifiedProductColumns: [
      { __typename: 'ProductAttributeColumn', name: 'ExUM Support' },
      { __typename: 'ProductAttributeColumn', name: 'Software Version' },
    ],
  },
  certifiedProducts: {
    __typename: 'CertifiedProductConnection',
    totalCount: 3,
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
    edges: nodes.map((node) => ({ __typename: 'CertifiedProductEdge', node })),
  },
});

const filter = { programSlug: 'sbc', vendorSlug: null, status: null as string | null, search: null };

function renderAt(url: string, mocks: MockedProviderProps['mocks']) {
  render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter initialEntries={[url]}>
        <LocaleProvider locale="en">
          <ProgramProducts programSlug="sbc" programName="SBC" />
        </LocaleProvider>
      </MemoryRouter>
    </MockedProvider>,
  );
}

describe("a program's certified products", () => {
  afterEach(cleanup);

  it('reads every page of listings, then shows them in the order the URL asks, with the program columns', async () => {
    renderAt('/programs/sbc?status=all&sort=Product&dir=desc', [
      {
        request: { query: ProgramProductsDocument, variables: { programSlug: 'sbc', filter } },
        result: {
          data: page(
            [
              listing('1', 'Audiocodes', 'Mediant 500 E-SBC', {
                attributes: [
                  { __typename: 'ProductAttribute', name: 'ExUM Support', kind: 'YES_NO', value: 'Yes', values: ['yes'] },
                  {
                    __typename: 'ProductAttribute',
                    name: 'Software Version',
                    kind: 'VERSIONS',
                    value: '4.2.4 / 05.01.00-R000',
                    values: ['4.2.4', '05.01.00-R000'],
                  },
                ],
              }),
              listing('2', 'Ribbon', 'SBC 1000', {
                status: 'WITHDRAWN',
                withdrawnAt: '2026-11-30T10:00:00.000Z',
                notes: [{ __typename: 'ListingNote', marker: '‡', text: 'Pre-release tested.' }],
              }),
            ],
            'c2',
            true,
          ),
        },
      },
      {
        request: { query: ProgramProductsDocument, variables: { programSlug: 'sbc', filter, after: 'c2' } },
        result: { data: page([listing('3', 'Ribbon', 'SBC 5000')], 'c3', false) },
      },
    ]);

    const table = await screen.findByRole('table', { name: 'Products certified for SBC' });
    await screen.findByText('3 listings.');
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((header) => header.textContent)).toEqual(
      ['Vendor', 'Product', 'ExUM Support', 'Software Version', 'Status'].map((name, index) =>
        index === 1 ? `${name} ▼` : name,
      ),
    );
    expect(headers[1]?.getAttribute('aria-sort')).toBe('descending');
    expect(headers[1]?.getAttribute('scope')).toBe('col');

    const rows = within(table).getAllByRole('rowheader');
    expect(rows.map((row) => within(row).getByRole('link').textContent)).toEqual(['SBC 5000', 'SBC 1000', 'Mediant 500 E-SBC']);
    expect(
      within(rows[2] as HTMLElement)
        .getByRole('link')
        .getAttribute('href'),
    ).toBe('/products/audiocodes-mediant-500-e-sbc-sbc');

    const mediant = within(table).getByRole('row', { name: /Mediant 500/ });
    expect(
      within(mediant)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Audiocodes', '✔ Yes', '4.2.405.01.00-R000', 'Listed since October 12, 2020']);
    const withdrawn = within(table).getByRole('row', { name: /SBC 1000/ });
    expect(within(withdrawn).getAllByRole('cell').at(-1)?.textContent).toBe('Withdrawn on November 30, 2026');
    expect(screen.getByRole('list', { name: 'Notes' }).textContent).toBe('‡ Pre-release tested.');
    expect(screen.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe('/export/certified-products.csv?program=sbc');
  });

  it('says so in one sentence when the program lists no product', async () => {
    renderAt('/programs/sbc', [
      {
        request: { query: ProgramProductsDocument, variables: { programSlug: 'sbc', filter: { ...filter, status: 'LISTED' } } },
        result: {
          data: { ...page([], '', false), certifiedProducts: { ...page([], '', false).certifiedProducts, totalCount: 0 } },
        },
      },
    ]);
    await screen.findByText('No product is listed for SBC yet.');
    expect(screen.queryByRole('table')).toBeNull();
  });
});
