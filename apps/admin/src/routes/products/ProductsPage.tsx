import { useQuery } from '@apollo/client/react';
import { SelectField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.js';
import { ShowMore } from '../../components/fields.js';
import { formatDate } from '../../components/format.js';
import { SearchField } from '../../components/SearchField.js';
import { useAddressState } from '../../components/url-state.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { ProductsPageQuery as ProductsPageData } from '../../gql/graphql.js';
import { graphql } from '../../gql/index.js';
import { ListingBadge } from './ListingBadge.js';
import { listingPath } from './listing-path.js';

const ProductsPageQuery = graphql(`
  query ProductsPage($filter: CertifiedProductFilter, $after: String) {
    certifiedProducts(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          slug
          name
          status
          listedSince
          vendor {
            id
            slug
            name
          }
          program {
            id
            slug
            name
          }
        }
      }
    }
    programs(first: 100) {
      edges {
        node {
          id
          slug
          name
        }
      }
    }
  }
`);

type StatusChoice = 'LISTED' | 'WITHDRAWN';

const PRODUCT_COLUMNS: ReadonlyArray<Column<ProductsPageData['certifiedProducts']['edges'][number]['node']>> = [
  { label: 'Product', render: (product) => <Link to={listingPath(product)}>{product.name}</Link> },
  { label: 'Vendor', render: (product) => product.vendor.name },
  { label: 'Program', render: (product) => product.program.name },
  { label: 'Status', render: (product) => <ListingBadge status={product.status} /> },
  { label: 'Listed since', render: (product) => formatDate(product.listedSince) },
];

/** The certified products of every program: find one to edit, withdraw or list again, or add one. */
export function ProductsPage() {
  usePageTitle('Certified products');
  const { get, update, clear } = useAddressState();
  const program = get('program');
  const status = (['LISTED', 'WITHDRAWN'] as const).find((choice) => choice === get('status')) ?? null;
  const search = get('q') ?? '';
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(ProductsPageQuery, {
    variables: { filter: { programSlug: program, status, search: search.trim() || null } },
  });
  const shown = data ?? previousData;
  const products = shown?.certifiedProducts.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="products-heading">
      <div className="page-heading">
        <h1 id="products-heading">Certified products</h1>
        <p className="actions">
          <Link className="button" to="/products/new">
            Add a listing
          </Link>
          <Link to="/import/products">Import a program's product page</Link>
        </p>
      </div>
      <form className="filters" aria-label="Filter the listings" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Program"
          value={program ?? ''}
          empty="Every program"
          options={(shown?.programs.edges ?? []).map(({ node }) => ({ value: node.slug, label: node.name }))}
          onChange={(value) => update({ program: value })}
        />
        <SelectField<StatusChoice>
          label="Status"
          value={status ?? ''}
          empty="Listed and withdrawn"
          options={[
            { value: 'LISTED', label: 'Listed' },
            { value: 'WITHDRAWN', label: 'Withdrawn' },
          ]}
          onChange={(value) => update({ status: value })}
        />
        <SearchField label="Vendor or product name" value={search} onChange={(q) => update({ q })} />
        {(program || status || search) && (
          <button type="button" className="link-button" onClick={clear}>
            Clear filters
          </button>
        )}
      </form>
      {error && !shown ? (
        <LoadError what="the listings" error={error} retry={refetch} />
      ) : !shown ? (
        <Loading what="the listings" />
      ) : (
        <div aria-busy={loading}>
          <p role="status" aria-live="polite">
            {shown.certifiedProducts.totalCount} listing{shown.certifiedProducts.totalCount === 1 ? '' : 's'}.
          </p>
          {products.length > 0 && (
            <DataTable caption="Certified products" className="data products" columns={PRODUCT_COLUMNS} rows={products} />
          )}
          <ShowMore
            label="Show more listings"
            pageInfo={shown.certifiedProducts.pageInfo}
            onMore={(after) => fetchMore({ variables: { after } })}
          />
        </div>
      )}
    </section>
  );
}
