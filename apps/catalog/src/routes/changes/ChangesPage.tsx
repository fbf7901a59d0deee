import { useQuery } from '@apollo/client/react';
import { type FormEvent, useId } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { ChangeDescription } from '../../components/ChangeDescription.js';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import { graphql } from '../../gql/index.js';
import { useFormatDay } from '../../i18n/format-day.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { usePageMeta } from '../../page-head/page-meta.js';
import { type ChangesRange, rangeFromSearchParams, rangeToSearch } from './changes-range.js';

const ChangesPageQuery = graphql(`
  query ChangesPage($from: String!, $to: String!) {
    catalogueChanges(from: $from, to: $to) {
      historyStartsAt
      programs {
        slug
        name
        changes {
          kind
          from
          to
          effectiveAt
        }
      }
      catalogue {
        entityType
        name
        kind
        from
        to
        effectiveAt
      }
    }
  }
`);

/** "What changed": the differences in the catalogue between two days of the address (`?from=…&to=…`). */
export function ChangesPage() {
  const t = useT();
  const { localePath } = useLocale();
  const formatDay = useFormatDay();
  const [searchParams, setSearchParams] = useSearchParams();
  const range = rangeFromSearchParams(searchParams, new Date());
  const { data, error, refetch } = useQuery(ChangesPageQuery, {
    variables: { from: range.from, to: range.to },
    skip: !range.valid,
  });
  const day = (date: string) => formatDay(`${date}T00:00:00Z`);
  usePageMeta({
    title: t('changes.title'),
    description: range.valid ? t('changes.description', { from: day(range.from), to: day(range.to) }) : t('changes.lead'),
    // The default range is today's: the address with its days is the page to keep.
    canonicalPath: range.valid ? localePath(`/changes${rangeToSearch(range)}`) : null,
    status: range.valid ? 200 : 400,
  });
  const changes = data?.catalogueChanges;

  return (
    <section className="page changes">
      <h1>{t('changes.title')}</h1>
      <p className="lead">{t('changes.lead')}</p>
      <RangeForm range={range} onSubmit={(next) => setSearchParams(new URLSearchParams(rangeToSearch(next)))} />
      {!range.valid ? (
        <p className="callout callout-error" role="alert">
          {t('changes.badDates')}
        </p>
      ) : error && !data ? (
        <PageLoadError what="changes.what" error={error} retry={refetch} />
      ) : !changes ? (
        <PageLoading message="changes.loading" />
      ) : (
        <>
          <p className="result-summary" role="status">
            {changes.programs.length || changes.catalogue.length
              ? t('changes.summary', { count: changes.programs.length, from: day(range.from), to: day(range.to) })
              : t('changes.none', { from: day(range.from), to: day(range.to) })}
          </p>
          {changes.historyStartsAt && dayBefore(changes.historyStartsAt) < range.from && (
            <p>
              <FormattedMessage
                id="changes.wholeHistory"
                values={{
                  date: formatDay(changes.historyStartsAt),
                  link: (chunks) => (
                    <Link
                      to={localePath(`/changes${rangeToSearch({ ...range, from: dayBefore(changes.historyStartsAt ?? '') })}`)}
                    >
                      {chunks}
                    </Link>
                  ),
                }}
              />
            </p>
          )}
          {changes.programs.map((program) => (
            <section key={program.slug} aria-labelledby={`changes-${program.slug}`} className="change-group">
              <h2 id={`changes-${program.slug}`}>
                <Link to={localePath(`/programs/${program.slug}`)}>{program.name}</Link>
              </h2>
              <ChangeList changes={program.changes} />
            </section>
          ))}
          {changes.catalogue.length > 0 && (
            <section aria-labelledby="changes-catalogue" className="change-group">
              <h2 id="changes-catalogue">{t('changes.catalogue')}</h2>
              <ChangeList changes={changes.catalogue} />
            </section>
          )}
        </>
      )}
    </section>
  );
}

type ListedChange = Parameters<typeof ChangeDescription>[0]['change'] & { effectiveAt: string };

function ChangeList({ changes }: { changes: ListedChange[] }) {
  const formatDay = useFormatDay();
  return (
    <ul className="timeline">
      {changes.map((change) => (
        <li key={`${change.kind}-${change.name ?? ''}`}>
          <time dateTime={change.effectiveAt}>{formatDay(change.effectiveAt)}</time>: <ChangeDescription change={change} />
        </li>
      ))}
    </ul>
  );
}

/**
 * A plain GET form: without JavaScript the browser asks for `/changes?from=…&to=…` and the server
 * renders it; with it, the same address is set without reloading the page.
 */
function RangeForm({ range, onSubmit }: { range: ChangesRange; onSubmit: (range: ChangesRange) => void }) {
  const t = useT();
  const { localePath } = useLocale();
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSubmit({ from: String(form.get('from') ?? ''), to: String(form.get('to') ?? ''), valid: true });
  };
  return (
    <form method="get" action={localePath('/changes')} className="filters" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('changes.from')}</label>
        <input id={`${id}-from`} name="from" type="date" defaultValue={range.from} key={`from-${range.from}`} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('changes.to')}</label>
        <input id={`${id}-to`} name="to" type="date" defaultValue={range.to} key={`to-${range.to}`} required />
      </div>
      <button type="submit">{t('changes.show')}</button>
    </form>
  );
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(iso) - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
