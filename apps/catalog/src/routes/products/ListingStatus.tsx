import './products.css';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { formatDate } from './listing-dates.js';

export const ListingStatusProduct = graphql(`
  fragment ListingStatus_product on CertifiedProduct {
    status
    listedSince
    withdrawnAt
  }
`);

/**
 * Whether a listing stands: "Listed since 12 October 2020", or a withdrawn badge with the date it
 * was withdrawn, so that nobody takes a withdrawn product for a certified one.
 */
export function ListingStatus({ product }: { product: FragmentType<typeof ListingStatusProduct> }) {
  const listing = getFragmentData(ListingStatusProduct, product);
  if (listing.status === 'WITHDRAWN') {
    const withdrawn = listing.withdrawnAt;
    return (
      <span className="listing-status">
        <span className="badge badge-withdrawn">Withdrawn</span>
        {withdrawn && (
          <>
            {' '}
            <span className="muted">
              on <time dateTime={withdrawn}>{formatDate(withdrawn)}</time>
            </span>
          </>
        )}
      </span>
    );
  }
  return (
    <span className="listing-status">
      <span className="badge badge-listed">Listed</span>{' '}
      <span className="muted">
        since <time dateTime={listing.listedSince}>{formatDate(listing.listedSince)}</time>
      </span>
    </span>
  );
}
