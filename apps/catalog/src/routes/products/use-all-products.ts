import type { TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';

/** What a page query holds when it asks for `certifiedProducts` (a connection) with `$after`. */
interface WithProducts {
  certifiedProducts: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    edges: readonly unknown[];
  };
}

/**
 * A page's query for certified products, read to the end: the API gives at most 100 a page, a
 * program has up to a few hundred, and the page sorts all of them. The first page comes with the
 * query (and with the server-rendered page); the rest follow in the browser, appended.
 */
export function useAllProducts<TData extends WithProducts, TVariables extends { after?: string | null }>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  { skip = false }: { skip?: boolean } = {},
) {
  // biome-ignore lint/suspicious/noExplicitAny: useQuery's option types are conditional on the variables; these are given whole.
  const result = useQuery(document as TypedDocumentNode<TData, any>, { variables, skip });
  const { data, loading, fetchMore } = result;
  const pageInfo = data?.certifiedProducts.pageInfo;
  const endCursor = pageInfo?.hasNextPage ? pageInfo.endCursor : null;
  useEffect(() => {
    if (!endCursor || loading) return;
    void fetchMore({
      variables: { after: endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...fetchMoreResult,
        certifiedProducts: {
          ...fetchMoreResult.certifiedProducts,
          edges: [...previous.certifiedProducts.edges, ...fetchMoreResult.certifiedProducts.edges],
        },
      }),
    });
  }, [endCursor, loading, fetchMore]);
  const loaded = data?.certifiedProducts.edges.length ?? 0;
  return { ...result, complete: Boolean(data) && !pageInfo?.hasNextPage, loaded };
}
