import { useQuery } from '@apollo/client/react';
import { FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import type { ProductPage_ProductFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { useFormatDay } from '../../i18n/format-day.js';
import { useLocale, useT } from '../../i18n/locale.js';
import type { PageMeta } from '../../page-head/head-tags.js';
import { usePageMeta } from '../../page-head/page-meta.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { ListingStatus } from './ListingStatus.js';
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
    listedSince
    withdrawnAt
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

/**
 * One listing at an address that does not change, for a vendor to cite and a customer to check:
 * what was certified, for which program, with which versions, and whether it still stands. An
 * unknown listing is a 404 (not indexed).
 */
export function ProductPage() {
  const t = useT();
  const { localePath } = useLocale();
  const formatDay = useFormatDay();
  const { slug = '' } = useParams();
  const { data, error, refetch } = useQuery(ProductPageQuery, { variables: { slug } });
  const product = getFragmentData(ProductPageProduct, data?.certifiedProduct);
  // Not found: NotFoundPage speaks for the page.
  usePageMeta(product ? listingMeta(product, t, localePath, formatDay) : data ? null : { title: t('listing.title') });

  if (error && !data) return <PageLoadError what="listing.what" error={error} retry={refetch} />;
  if (!data) return <PageLoading message="listing.loading" />;
  if (!product) return <NotFoundPage />;
  const yesNo = { yes: t('products.yes'), no: t('products.no') };
  const programLink = <Link to={localePath(`/programs/${product.program.slug}`)}>{product.program.name}</Link>;
  const vendorLink = <Link to={localePath(`/vendors/${product.vendor.slug}`)}>{product.vendor.name}</Link>;

  return (
    <article className="page listing">
      <nav aria-label={t('program.breadcrumb')} className="breadcrumb">
        <ol>
          <li>{programLink}</li>
          <li>{vendorLink}</li>
        </ol>
      </nav>
      <h1>
        {product.vendor.name} {product.name}
      </h1>
      <p className="listing-verdict">
        <FormattedMessage
          id={product.status === 'WITHDRAWN' ? 'listing.notCertified' : 'listing.certified'}
          values={{ program: product.program.name, strong: (chunks) => <strong>{chunks}</strong> }}
        />{' '}
        <ListingStatus product={product} />
      </p>

      <dl className="listing-details">
        <dt>{t('products.column.vendor')}</dt>
        <dd>
          {vendorLink}
          {product.vendor.url && (
            <>
              {', '}
              <a href={product.vendor.url}>{hostnameOf(product.vendor.url)}</a>
            </>
          )}
        </dd>
        <dt>{t('products.column.program')}</dt>
        <dd>{programLink}</dd>
        {product.group && (
          <>
            <dt>{t('products.column.group')}</dt>
            <dd>{product.group}</dd>
          </>
        )}
        {product.attributes.map((attribute) => (
          <div key={attribute.name}>
            <dt>{attribute.name}</dt>
            <dd>
              {attributeText(attribute, yesNo).map((line, index) => (
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
          <h2 id="notes-heading">{t('products.notes')}</h2>
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
        <h2 id="history-heading">{t('listing.history')}</h2>
        <ol className="timeline" reversed>
          {[...product.statusHistory].reverse().map((change) => (
            <li key={`${change.changedAt}-${change.to}`}>
              <time dateTime={change.changedAt}>{formatDay(change.changedAt)}</time>: {t(`listingStatus.${change.to}`)}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="cite-heading">
        <h2 id="cite-heading">{t('listing.cite')}</h2>
        <p>
          <FormattedMessage
            id="listing.citeText"
            values={{ path: listingPath(product), code: (chunks) => <code>{chunks}</code> }}
          />
        </p>
      </section>
    </article>
  );
}

function listingMeta(
  product: ProductPage_ProductFragment,
  t: ReturnType<typeof useT>,
  localePath: (path: string) => string,
  formatDay: (iso: string) => string,
): PageMeta {
  const path = localePath(listingPath(product));
  const withdrawn = product.status === 'WITHDRAWN';
  const words = { product: product.name, vendor: product.vendor.name, program: product.program.name };
  return {
    title: `${product.vendor.name} ${product.name}`,
    description: withdrawn
      ? t('listing.descriptionWithdrawn', { ...words, date: formatDay(product.withdrawnAt ?? product.listedSince) })
      : t('listing.descriptionListed', { ...words, date: formatDay(product.listedSince) }),
    canonicalPath: path,
    openGraphType: 'article',
    structuredData: (url) => ({
      '@type': 'Product',
      name: product.name,
      url: url(path),
      brand: { '@type': 'Brand', name: product.vendor.name },
      manufacturer: {
        '@type': 'Organization',
        name: product.vendor.name,
        url: url(localePath(`/vendors/${product.vendor.slug}`)),
        ...(product.vendor.url ? { sameAs: [product.vendor.url] } : {}),
      },
      ...(product.attributes.length
        ? {
            additionalProperty: product.attributes.map((attribute) => ({
              '@type': 'PropertyValue',
              name: attribute.name,
              value: attribute.value,
            })),
          }
        : {}),
    }),
  };
}
