import { useQuery } from '@apollo/client/react';
import { SelectField } from '@certhub/web-ui/fields';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import { graphql } from '../../gql/index.js';
import { type MessageKey, useLocale, useT } from '../../i18n/locale.js';
import type { PageMeta } from '../../page-head/head-tags.js';
import { usePageMeta } from '../../page-head/page-meta.js';
import { CertifiedSearchBox } from '../products/CertifiedSearchForm.js';
import { CatalogTable } from './CatalogTable.js';
import {
  type CatalogFilter,
  exportUrl,
  filterFromSearchParams,
  filterToSearchParams,
  isFiltered,
  STATUS_FILTER_CHOICES,
  toGraphQLQuery,
  toProgramFilter,
} from './catalog-filters.js';

const CatalogPageQuery = graphql(`
  query CatalogPage(
    $filter: ProgramFilter
    $seeking: ProgramFilter
    $notSeeking: ProgramFilter
    $contactLabs: ProgramFilter
  ) {
    programs(filter: $filter, first: 100) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          id
          slug
          name
          ...CatalogTable_program
        }
      }
    }
    seeking: programs(filter: $seeking, first: 0) {
      totalCount
    }
    notSeeking: programs(filter: $notSeeking, first: 0) {
      totalCount
    }
    contactLabs: programs(filter: $contactLabs, first: 0) {
      totalCount
    }
    categories {
      slug
      name
    }
    labs {
      slug
      name
    }
  }
`);

/** How long typing may pause before the search goes into the URL (and to the server). */
const SEARCH_DELAY_MS = 250;

export function CatalogPage() {
  const t = useT();
  const { localePath } = useLocale();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromSearchParams(searchParams);
  const setFilter = (next: CatalogFilter) => {
    // What this change changes, onto the URL as the browser has it now: a choice made before the
    // page showed the previous one (a navigation still rendering) is kept.
    const latest = filterFromSearchParams(new URLSearchParams(window.location.search));
    const changed = Object.entries(next).filter(([key, value]) => filter[key as keyof CatalogFilter] !== value);
    const merged: CatalogFilter = { ...latest, ...Object.fromEntries(changed) };
    setSearchParams(filterToSearchParams(merged), { replace: merged.search !== latest.search });
  };

  const { data, previousData, loading, error, refetch } = useQuery(CatalogPageQuery, {
    variables: {
      filter: toProgramFilter(filter),
      seeking: toProgramFilter(filter, 'SEEKING_PARTNERS'),
      notSeeking: toProgramFilter(filter, 'NOT_SEEKING_PARTNERS'),
      contactLabs: toProgramFilter(filter, 'NO_ADMISSION_REVIEW'),
    },
  });
  // While a new filter loads, keep showing the previous answer rather than flashing a spinner.
  const shown = data ?? previousData;
  usePageMeta(catalogMeta(filter, shown?.programs.edges.map((edge) => edge.node) ?? null, t, localePath));

  return (
    <section className="page">
      <h1>{t('catalog.title')}</h1>
      <p className="lead">
        <FormattedMessage id="catalog.lead" values={{ join: (chunks) => <Link to={localePath('/join')}>{chunks}</Link> }} />
      </p>

      <CertifiedSearchBox />

      <FilterBar filter={filter} onChange={setFilter} categories={shown?.categories ?? []} labs={shown?.labs ?? []} />

      {shown && (
        <StatusCounts
          filter={filter}
          onChange={setFilter}
          counts={{
            SEEKING_PARTNERS: shown.seeking.totalCount,
            NOT_SEEKING_PARTNERS: shown.notSeeking.totalCount,
            NO_ADMISSION_REVIEW: shown.contactLabs.totalCount,
          }}
        />
      )}

      {error && !shown ? (
        <PageLoadError what="catalog.what" error={error} retry={refetch} />
      ) : !shown ? (
        <PageLoading message="catalog.loading" />
      ) : (
        <div aria-busy={loading}>
          <p className="result-summary" role="status" aria-live="polite">
            {t(isFiltered(filter) ? 'catalog.resultFiltered' : 'catalog.resultAll', { count: shown.programs.totalCount })}
          </p>
          {shown.programs.totalCount === 0 ? (
            <EmptyState filter={filter} onChange={setFilter} />
          ) : (
            <CatalogTable programs={shown.programs.edges.map((edge) => edge.node)} />
          )}
          {shown.programs.pageInfo.hasNextPage && <p className="muted">{t('catalog.firstHundred')}</p>}
          <ShareView filter={filter} />
        </div>
      )}
    </section>
  );
}

/** The catalogue (or a view of it) as a page: its title and address, and its programs as a schema.org list. */
function catalogMeta(
  filter: CatalogFilter,
  programs: ReadonlyArray<{ slug: string; name: string }> | null,
  t: (id: MessageKey) => string,
  localePath: (path: string) => string,
): PageMeta {
  const title = t(filter.status === 'SEEKING_PARTNERS' ? 'catalog.titleSeeking' : 'catalog.title');
  const query = filterToSearchParams(filter).toString();
  const canonicalPath = localePath(`/${query ? `?${query}` : ''}`);
  return {
    title,
    canonicalPath,
    structuredData: programs
      ? (url) => ({
          '@type': 'CollectionPage',
          name: title,
          url: url(canonicalPath),
          mainEntity: {
            '@type': 'ItemList',
            numberOfItems: programs.length,
            itemListElement: programs.map((program, index) => ({
              '@type': 'ListItem',
              position: index + 1,
              name: program.name,
              url: url(localePath(`/programs/${program.slug}`)),
            })),
          },
        })
      : undefined,
  };
}

interface Choice {
  slug: string;
  name: string;
}

function FilterBar({
  filter,
  onChange,
  categories,
  labs,
}: {
  filter: CatalogFilter;
  onChange: (filter: CatalogFilter) => void;
  categories: readonly Choice[];
  labs: readonly Choice[];
}) {
  const t = useT();
  const { localePath } = useLocale();
  const id = useId();
  const [search, setSearch] = useState(filter.search);
  // The URL is the truth: back/forward and shared links update the box.
  useEffect(() => setSearch(filter.search), [filter.search]);
  useEffect(() => {
    if (search === filter.search) return;
    const timer = setTimeout(() => onChange({ ...filter, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filter, onChange]);

  return (
    <search>
      {/* A plain GET form: without JavaScript it is sent, and the server renders the view it asks for. */}
      <form
        className="filters"
        aria-label={t('catalog.filters')}
        method="get"
        action={localePath('/')}
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ ...filter, search });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('catalog.search')}</label>
          <input
            id={`${id}-search`}
            name="q"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
          />
        </div>
        <SelectField
          label={t('catalog.status')}
          name="status"
          value={filter.status ?? ''}
          empty={t('catalog.anyStatus')}
          options={STATUS_FILTER_CHOICES.map((status) => ({
            value: status,
            label: t(`admissionStatusShort.${status}`),
          }))}
          onChange={(status) => onChange({ ...filter, status: status || null })}
        />
        <SelectField
          label={t('catalog.category')}
          name="category"
          value={filter.category ?? ''}
          empty={t('catalog.allCategories')}
          options={categories.map((category) => ({ value: category.slug, label: category.name }))}
          onChange={(category) => onChange({ ...filter, category: category || null })}
        />
        <SelectField
          label={t('catalog.lab')}
          name="lab"
          value={filter.lab ?? ''}
          empty={t('catalog.anyLab')}
          options={labs.map((lab) => ({ value: lab.slug, label: lab.name }))}
          onChange={(lab) => onChange({ ...filter, lab: lab || null })}
        />
        <noscript>
          <button type="submit">{t('catalog.showPrograms')}</button>
        </noscript>
        {isFiltered(filter) && (
          <Link className="clear-filters" to={localePath('/')}>
            {t('catalog.clearFilters')}
          </Link>
        )}
      </form>
    </search>
  );
}

/** One click per status, with how many programs each would show. */
function StatusCounts({
  filter,
  onChange,
  counts,
}: {
  filter: CatalogFilter;
  onChange: (filter: CatalogFilter) => void;
  counts: Record<'SEEKING_PARTNERS' | 'NOT_SEEKING_PARTNERS' | 'NO_ADMISSION_REVIEW', number>;
}) {
  const t = useT();
  return (
    <ul className="status-counts" aria-label={t('catalog.countsLabel')}>
      {(Object.keys(counts) as Array<keyof typeof counts>).map((status) => (
        <li key={status}>
          <ViewButton
            next={{ ...filter, status: filter.status === status ? null : status }}
            onChange={onChange}
            className={`status-count badge-${status.toLowerCase().replaceAll('_', '-')}`}
            pressed={filter.status === status}
          >
            {t(status === 'SEEKING_PARTNERS' ? 'catalog.seekingNow' : `admissionStatusShort.${status}`)}
            <span className="count">{counts[status]}</span>
          </ViewButton>
        </li>
      ))}
    </ul>
  );
}

/**
 * A button that shows another view of the catalogue. It is a GET form for that view's address, so
 * it works with JavaScript off (the server renders the view); with it, the page changes the view
 * in place, as the filters do.
 */
function ViewButton({
  next,
  onChange,
  className,
  pressed,
  children,
}: {
  next: CatalogFilter;
  onChange: (filter: CatalogFilter) => void;
  className: string;
  pressed?: boolean;
  children: ReactNode;
}) {
  const { localePath } = useLocale();
  return (
    <form
      className="view-button"
      method="get"
      action={localePath('/')}
      onSubmit={(event) => {
        event.preventDefault();
        onChange(next);
      }}
    >
      {[...filterToSearchParams(next)].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} aria-pressed={pressed}>
        {children}
      </button>
    </form>
  );
}

function EmptyState({ filter, onChange }: { filter: CatalogFilter; onChange: (filter: CatalogFilter) => void }) {
  const t = useT();
  const loosen: Array<{ label: string; next: CatalogFilter }> = [];
  if (filter.status) loosen.push({ label: t('catalog.showAnyStatus'), next: { ...filter, status: null } });
  if (filter.category) loosen.push({ label: t('catalog.showAllCategories'), next: { ...filter, category: null } });
  if (filter.lab) loosen.push({ label: t('catalog.showAnyLab'), next: { ...filter, lab: null } });
  if (filter.search)
    loosen.push({ label: t('catalog.showOtherNames', { search: filter.search }), next: { ...filter, search: '' } });
  return (
    <div className="empty-state">
      <h2>{t('catalog.noMatch')}</h2>
      {filter.status === 'SEEKING_PARTNERS' && <p>{t('catalog.noneSeeking')}</p>}
      <p>{t('catalog.widen')}</p>
      <ul>
        {loosen.map(({ label, next }) => (
          <li key={label}>
            <ViewButton next={next} onChange={onChange} className="link-button">
              {label}
            </ViewButton>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Take this view elsewhere: as files, or as the GraphQL query that gives the same programs. */
function ShareView({ filter }: { filter: CatalogFilter }) {
  const t = useT();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(toGraphQLQuery(filter));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="share-view">
      <p>
        <FormattedMessage
          id="catalog.share"
          values={{
            csv: (chunks) => <a href={exportUrl(filter, 'csv')}>{chunks}</a>,
            json: (chunks) => <a href={exportUrl(filter, 'json')}>{chunks}</a>,
            copy: (chunks) => (
              <button type="button" className="link-button" onClick={() => void copy()}>
                {chunks}
              </button>
            ),
          }}
        />{' '}
        <span role="status">
          {copied === 'copied' ? t('catalog.copied') : copied === 'failed' ? t('catalog.copyFailed') : ''}
        </span>
      </p>
      {copied === 'failed' && <pre className="code">{toGraphQLQuery(filter)}</pre>}
    </div>
  );
}
