import type { TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { type FragmentType, getFragmentData, makeFragmentData } from '../../gql/index.js';
import { type ProductList, ProductResults_products } from './ProductResults.js';
import { productRows } from './ProductTable.js';

type Products = FragmentType<typeof ProductResults_products>;

/** What a page query holds when it spreads `ProductResults_products` on `certifiedProducts(…, after: $after)`. */
interface WithProducts {
  certifiedProducts: Products;
}

/** The next page's listings after the ones read so far. */
function appended(previous: Products, next: Products): Products {
  const read = getFragmentData(ProductResults_products, previous);
  const more = getFragmentData(ProductResults_products, next);
  return makeFragmentData({ ...more, edges: [...read.edges, ...more.edges] }, ProductResults_products);
}

/**
 * A page's query for certified products, read to the end: the API gives at most 100 a page, a
 * program has up to a few hundred, and the page sorts all of them. The first page comes with the
 * query (and with the server-rendered page); the rest follow in the browser, appended. While the
 * variables change, the previous answer stays shown (`shown`).
 */
export function useAllProducts<TData extends WithProducts, TVariables extends { after?: string | null }>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  { skip = false }: { skip?: boolean } = {},
) {
  // biome-ignore lint/suspicious/noExplicitAny: useQuery's option types are conditional on the variables; these are given whole.
  const result = useQuery(document as TypedDocumentNode<TData, any>, { variables, skip });
  const { data, previousData, loading, fetchMore } = result;
  const pageInfo = getFragmentData(ProductResults_products, data?.certifiedProducts)?.pageInfo;
  const endCursor = pageInfo?.hasNextPage ? pageInfo.endCursor : null;
  useEffect(() => {
    if (!endCursor || loading) return;
    void fetchMore({
      variables: { after: endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...fetchMoreResult,
        certifiedProducts: appended(previous.certifiedProducts, fetchMoreResult.certifiedProducts),
      }),
    });
  }, [endCursor, loading, fetchMore]);
  const shown = data ?? previousData;
  const products = getFragmentData(ProductResults_products, shown?.certifiedProducts);
  const list: ProductList = {
    loading,
    error: result.error,
    refetch: result.refetch,
    complete: Boolean(data) && !pageInfo?.hasNextPage,
    hasData: Boolean(shown),
    rows: productRows(products?.edges.map((edge) => edge.node) ?? []),
    totalCount: products?.totalCount ?? 0,
  };
  return { shown, list };
}
