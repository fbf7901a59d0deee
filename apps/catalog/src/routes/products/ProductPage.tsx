import { useQuery } from '@apollo/client/react';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { ListingStatus } from './ListingStatus.js';
import { formatDate } from './listing-dates.js';
import { listingPath } from './listing-path.js';
import { attributeText } from './product-columns.js';
import { hostnameOf } from './web-address.js';

export const ProductPageProduct = graphql(`
  fragment ProductPage_product on CertifiedProduct {
    id
    slug
    name
    vendor {
      id
      name
      slug
      url
    }
    program {
      id
      slug
      name
    }
    group
    attributes {
      name
      kind
      value
      values
    }
    notes {
      marker
      text
    }
    status
    statusHistory {
      from
      to
      changedAt
    }
    ...ListingStatus_product
  }
`);

const ProductPageQuery = graphql(`
  query ProductPage($slug: String!) {
    certifiedProduct(slug: $slug) {
      ...ProductPage_product
    }
  }
`);

const STATUS_WORDS = { LISTED: 'Listed', WITHDRAWN: 'Withdrawn' } as const;

/**
 * One listing at an address that does not change, for a vendor to cite and a customer to check:
 * what was certified, for which program, with which versions, and whether it still stands.
 */
export function ProductPage() {
  const { slug = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(ProductPageQuery, { variables: { slug } });
  const product = getFragmentData(ProductPageProduct, data?.certifiedProduct);
  usePageTitle(product ? `${product.vendor.name} ${product.name}` : loading ? 'Certified product' : null);

  if (error && !data) return <LoadError what="this listing" error={error} retry={refetch} />;
  if (!data) return <Loading what="the listing" />;
  if (!product) return <NotFoundPage />;

  return (
    <article className="page listing">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to={`/programs/${product.program.slug}`}>{product.program.name}</Link>
          </li>
          <li>
            <Link to={`/vendors/${product.vendor.slug}`}>{product.vendor.name}</Link>
          </li>
        </ol>
      </nav>
      <h1>
        {product.vendor.name} {product.name}
      </h1>
      <p className="listing-verdict">
        {product.status === 'WITHDRAWN' ? (
          <>
            <strong>Not certified today:</strong> this listing was withdrawn from the {product.program.name} program.{' '}
          </>
        ) : (
          <>
            <strong>Certified</strong> for the {product.program.name} program.{' '}
          </>
        )}
        <ListingStatus product={product} />
      </p>

      <dl className="listing-details">
        <dt>Vendor</dt>
        <dd>
          <Link to={`/vendors/${product.vendor.slug}`}>{product.vendor.name}</Link>
          {product.vendor.url && (
            <>
              {', '}
              <a href={product.vendor.url}>{hostnameOf(product.vendor.url)}</a>
            </>
          )}
        </dd>
        <dt>Program</dt>
        <dd>
          <Link to={`/programs/${product.program.slug}`}>{product.program.name}</Link>
        </dd>
        {product.group && (
          <>
            <dt>Listed under</dt>
            <dd>{product.group}</dd>
          </>
        )}
        {product.attributes.map((attribute) => (
          <div key={attribute.name}>
            <dt>{attribute.name}</dt>
            <dd>
              {attributeText(attribute).map((line, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one value never move.
                <span key={index} className="cell-line">
                  {line}
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>

      {product.notes.length > 0 && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <ul>
            {product.notes.map((note) => (
              <li key={note.marker}>
                <span aria-hidden="true">{note.marker}</span> {note.text}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Listing history</h2>
        <ol className="timeline" reversed>
          {[...product.statusHistory].reverse().map((change) => (
            <li key={`${change.changedAt}-${change.to}`}>
              <time dateTime={change.changedAt}>{formatDate(change.changedAt)}</time>: {STATUS_WORDS[change.to]}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="cite-heading">
        <h2 id="cite-heading">Cite this listing</h2>
        <p>
          This page's address stays the same for as long as the listing exists, withdrawn or not:{' '}
          <code>{listingPath(product)}</code>.
        </p>
      </section>
    </article>
  );
}
