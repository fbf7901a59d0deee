import { Link } from 'react-router';
import { graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { usePageMeta } from '../../page-head/page-meta.js';
import { CertifiedSearchForm } from './CertifiedSearchForm.js';
import { ProductFilters, useProductView } from './ProductFilters.js';
import { ProductResults } from './ProductResults.js';
import { listingColumns } from './product-columns.js';
import { ALL_LISTINGS_VIEW, toProductFilter } from './product-view.js';
import { useAllProducts } from './use-all-products.js';

const CertifiedSearchQuery = graphql(`
  query CertifiedSearch($filter: CertifiedProductFilter!, $after: String) {
    certifiedProducts(filter: $filter, first: 100, after: $after) {
      ...ProductResults_products
    }
  }
`);

const SORT_COLUMNS = listingColumns({ attributeNames: [], showProgram: true, showVendor: true });

/**
 * "Is it certified?": a product or vendor name, answered across every program, withdrawn listings
 * shown as withdrawn with their date. The question is in the URL (`/certified?q=mediant`), so an
 * answer can be shared; the page without a question is the one indexed.
 */
export function CertifiedSearchPage() {
  const t = useT();
  const { localePath } = useLocale();
  const [view, setView] = useProductView(ALL_LISTINGS_VIEW);
  const asked = view.search.trim();
  // The page without a question is the one indexed; an answer is shared by its address, not indexed.
  usePageMeta(
    asked
      ? { title: t('certified.titleAsked', { search: asked }), description: t('certified.description') }
      : {
          title: t('certified.title'),
          description: t('certified.description'),
          canonicalPath: localePath('/certified'),
          structuredData: (url) => ({
            '@type': 'WebPage',
            name: t('certified.title'),
            url: url(localePath('/certified')),
            potentialAction: {
              '@type': 'SearchAction',
              target: `${url(localePath('/certified'))}?q={search_term_string}`,
              'query-input': 'required name=search_term_string',
            },
          }),
        },
  );
  const filter = toProductFilter(view);
  const { list } = useAllProducts(CertifiedSearchQuery, { filter }, { skip: !asked });
  const vendors = new Map(list.rows.map((row) => [row.vendor.slug, row.vendor.name]));

  return (
    <section className="page">
      <h1>{t('certified.title')}</h1>
      <p className="lead">{t('certified.lead')}</p>
      {asked ? (
        <ProductFilters label={t('certified.filter')} view={view} onChange={setView} sortColumns={SORT_COLUMNS} />
      ) : (
        <CertifiedSearchForm onSearch={(search) => setView({ ...view, search })} />
      )}
      {asked && (
        <>
          {vendors.size > 0 && vendors.size <= 10 && (
            <p>
              {t('certified.vendors')}{' '}
              {[...vendors].map(([slug, name], index) => (
                <span key={slug}>
                  {index > 0 && ', '}
                  <Link to={localePath(`/vendors/${slug}`)}>{name}</Link>
                </span>
              ))}
            </p>
          )}
          <ProductResults
            caption={t('certified.caption', { search: asked })}
            list={list}
            view={view}
            onView={setView}
            filter={filter}
            showProgram
            empty={
              <>
                <h2>{t('certified.noMatchHeading', { search: asked })}</h2>
                <p>
                  {t(
                    view.status === 'LISTED'
                      ? 'certified.noMatchListed'
                      : view.status === 'WITHDRAWN'
                        ? 'certified.noMatchWithdrawn'
                        : 'certified.noMatch',
                  )}
                </p>
              </>
            }
          />
        </>
      )}
    </section>
  );
}
