import './products.css';
import { FormattedMessage } from 'react-intl';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { useFormatDay } from '../../i18n/format-day.js';
import { useT } from '../../i18n/locale.js';

export const ListingStatusProduct = graphql(`
  fragment ListingStatus_product on CertifiedProduct {
    status
    listedSince
    withdrawnAt
  }
`);

/**
 * Whether a listing stands: "Listed since October 12, 2020", or a withdrawn badge with the date it
 * was withdrawn, so that nobody takes a withdrawn product for a certified one.
 */
export function ListingStatus({ product }: { product: FragmentType<typeof ListingStatusProduct> }) {
  const listing = getFragmentData(ListingStatusProduct, product);
  const t = useT();
  const formatDay = useFormatDay();
  const date = (iso: string) => <time dateTime={iso}>{formatDay(iso)}</time>;
  if (listing.status === 'WITHDRAWN') {
    const withdrawn = listing.withdrawnAt;
    return (
      <span className="listing-status">
        <span className="badge badge-withdrawn">{t('listingStatus.WITHDRAWN')}</span>
        {withdrawn && (
          <>
            {' '}
            <span className="muted">
              <FormattedMessage id="products.withdrawnOn" values={{ date: date(withdrawn) }} />
            </span>
          </>
        )}
      </span>
    );
  }
  return (
    <span className="listing-status">
      <span className="badge badge-listed">{t('listingStatus.LISTED')}</span>{' '}
      <span className="muted">
        <FormattedMessage id="products.listedSince" values={{ date: date(listing.listedSince) }} />
      </span>
    </span>
  );
}
