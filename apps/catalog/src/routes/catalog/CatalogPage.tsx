import { useQuery } from '@apollo/client/react';
import { ADMISSION_STATUS_SHORT_LABELS } from '@certhub/domain/admission-status';
import { SelectField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { CertifiedSearchBox } from '../products/CertifiedSearchForm.js';
import { CatalogTable } from './CatalogTable.js';
import {
  type CatalogFilter,
  exportUrl,
  filterFromSearchParams,
  filterToSearchParams,
  isFiltered,
  NO_FILTER,
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
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromSearchParams(searchParams);
  const setFilter = (next: CatalogFilter) =>
    setSearchParams(filterToSearchParams(next), { replace: next.search !== filter.search });
  usePageTitle(filter.status === 'SEEKING_PARTNERS' ? 'Programs seeking partners' : 'Certification programs');

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

  return (
    <section className="page">
      <h1>Certification programs</h1>
      <p className="lead">
        Which programs are seeking partners now, what each needs, and which independent labs certify for it. Programs not listed
        are closed. <Link to="/join">How to join</Link>
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
        <LoadError what="the programs" error={error} retry={refetch} />
      ) : !shown ? (
        <Loading what="the programs" />
      ) : (
        <div aria-busy={loading}>
          <p className="result-summary" role="status" aria-live="polite">
            {describeResult(shown.programs.totalCount, filter)}
          </p>
          {shown.programs.totalCount === 0 ? (
            <EmptyState filter={filter} onChange={setFilter} />
          ) : (
            <CatalogTable programs={shown.programs.edges.map((edge) => edge.node)} />
          )}
          {shown.programs.pageInfo.hasNextPage && (
            <p className="muted">Showing the first 100 programs. Narrow the filters, or download the whole list.</p>
          )}
          <ShareView filter={filter} />
        </div>
      )}
    </section>
  );
}

function describeResult(count: number, filter: CatalogFilter): string {
  const programs = `${count} program${count === 1 ? '' : 's'}`;
  return isFiltered(filter) ? `${programs} match these filters.` : `${programs} in the catalogue.`;
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
      <form className="filters" aria-label="Filter programs" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-search`}>Search by name</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={200}
          />
        </div>
        <SelectField
          label="Partner admission"
          value={filter.status ?? ''}
          empty="Any status"
          options={STATUS_FILTER_CHOICES.map((status) => ({ value: status, label: ADMISSION_STATUS_SHORT_LABELS[status] }))}
          onChange={(status) => onChange({ ...filter, status: status || null })}
        />
        <SelectField
          label="Category"
          value={filter.category ?? ''}
          empty="All categories"
          options={categories.map((category) => ({ value: category.slug, label: category.name }))}
          onChange={(category) => onChange({ ...filter, category: category || null })}
        />
        <SelectField
          label="Certification lab"
          value={filter.lab ?? ''}
          empty="Any lab"
          options={labs.map((lab) => ({ value: lab.slug, label: lab.name }))}
          onChange={(lab) => onChange({ ...filter, lab: lab || null })}
        />
        {isFiltered(filter) && (
          <button type="button" className="link-button" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </button>
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
  return (
    <ul className="status-counts" aria-label="Programs by partner admission status">
      {(Object.keys(counts) as Array<keyof typeof counts>).map((status) => (
        <li key={status}>
          <button
            type="button"
            className={`status-count badge-${status.toLowerCase().replaceAll('_', '-')}`}
            aria-pressed={filter.status === status}
            onClick={() => onChange({ ...filter, status: filter.status === status ? null : status })}
          >
            {status === 'SEEKING_PARTNERS' ? 'Seeking partners now' : ADMISSION_STATUS_SHORT_LABELS[status]}
            <span className="count">{counts[status]}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function EmptyState({ filter, onChange }: { filter: CatalogFilter; onChange: (filter: CatalogFilter) => void }) {
  const loosen: Array<{ label: string; next: CatalogFilter }> = [];
  if (filter.status) loosen.push({ label: 'any status', next: { ...filter, status: null } });
  if (filter.category) loosen.push({ label: 'all categories', next: { ...filter, category: null } });
  if (filter.lab) loosen.push({ label: 'any lab', next: { ...filter, lab: null } });
  if (filter.search) loosen.push({ label: `names other than "${filter.search}"`, next: { ...filter, search: '' } });
  return (
    <div className="empty-state">
      <h2>No program matches</h2>
      {filter.status === 'SEEKING_PARTNERS' && (
        <p>No program in this view is seeking partners right now. Statuses change as the programs' needs change.</p>
      )}
      <p>Try widening the view:</p>
      <ul>
        {loosen.map(({ label, next }) => (
          <li key={label}>
            <button type="button" className="link-button" onClick={() => onChange(next)}>
              Show {label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Take this view elsewhere: as files, or as the GraphQL query that gives the same programs. */
function ShareView({ filter }: { filter: CatalogFilter }) {
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
        This view as <a href={exportUrl(filter, 'csv')}>CSV</a> or <a href={exportUrl(filter, 'json')}>JSON</a>, or{' '}
        <button type="button" className="link-button" onClick={() => void copy()}>
          copy the GraphQL query
        </button>
        .{' '}
        <span role="status">
          {copied === 'copied' ? 'Query copied.' : copied === 'failed' ? 'Copying failed: see the query below.' : ''}
        </span>
      </p>
      {copied === 'failed' && <pre className="code">{toGraphQLQuery(filter)}</pre>}
    </div>
  );
}
