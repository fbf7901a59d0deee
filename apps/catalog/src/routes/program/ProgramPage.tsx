import { useQuery, useSubscription } from '@apollo/client/react';
import {
  ADMISSION_STATUS_LABELS,
  ADMISSION_STATUS_NEXT_STEPS,
  type AdmissionStatus,
  acceptsApplications,
} from '@certhub/domain/admission-status';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { StatusBadge } from '@certhub/web-ui/StatusBadge';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { LabList, SpecList } from '../../components/ProgramLinks.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { ProgramProducts } from '../products/ProgramProducts.js';
import { WatchForm } from './WatchForm.js';

/**
 * What the page shows of a program. The route query and the live subscription both select it, so
 * whatever changes about the program, the page shows it as it is now.
 */
export const ProgramPageProgram = graphql(`
  fragment ProgramPage_program on Program {
    id
    slug
    name
    admissionStatus
    statusChangedAt
    specAvailability
    labAvailability
    category {
      id
      slug
      name
    }
    specs {
      title
      url
    }
    labs {
      name
      slug
      url
    }
    statusHistory {
      from
      to
      changedAt
    }
  }
`);

const ProgramPageQuery = graphql(`
  query ProgramPage($slug: String!) {
    program(slug: $slug) {
      ...ProgramPage_program
    }
  }
`);

/** Live: each change is written to the cache under the program's id, so the page follows it. */
const ProgramLiveSubscription = graphql(`
  subscription ProgramLive($programId: ID!) {
    programChanged(programId: $programId) {
      ...ProgramPage_program
    }
  }
`);

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long' });
const formatDate = (iso: string) => dateFormat.format(new Date(iso));

export function ProgramPage() {
  const { slug = '' } = useParams();
  // Read again on every visit: a cached copy may predate changes made while the page was not shown.
  const { data, loading, error, refetch } = useQuery(ProgramPageQuery, {
    variables: { slug },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const program = getFragmentData(ProgramPageProgram, data?.program);
  usePageTitle(program?.name ?? (loading ? 'Program' : null));
  // Live: each change is written to the cache (same program id), so everything below follows it.
  useSubscription(ProgramLiveSubscription, {
    variables: { programId: program?.id ?? '' },
    skip: !program,
  });
  const statusChange = useStatusAnnouncement(program?.id, program?.admissionStatus);

  if (error && !data) return <LoadError what="this program" error={error} retry={refetch} />;
  if (!data) return <Loading what="the program" />;
  if (!program) return <NotFoundPage />;

  return (
    <article className="page program">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Programs</Link>
          </li>
          <li>
            <Link to={`/?category=${program.category.slug}`}>{program.category.name}</Link>
          </li>
        </ol>
      </nav>
      <h1>{program.name}</h1>
      <div className="live-update" role="status" aria-live="polite">
        {statusChange && <p className="callout">{statusChange}</p>}
      </div>
      <p className="program-status">
        <StatusBadge status={program.admissionStatus} />{' '}
        <span className="muted">since {formatDate(program.statusChangedAt)}</span>
      </p>

      <section className="next-step" aria-labelledby="next-step-heading">
        <h2 id="next-step-heading">What to do next</h2>
        <p>{ADMISSION_STATUS_NEXT_STEPS[program.admissionStatus]}</p>
        {acceptsApplications(program.admissionStatus) && (
          <p>
            <Link className="button" to={`/programs/${program.slug}/apply`}>
              Apply to join {program.name}
            </Link>
          </p>
        )}
        {!acceptsApplications(program.admissionStatus) && program.admissionStatus !== 'NO_ADMISSION_REVIEW' && (
          <>
            <p>
              See the <Link to="/?status=SEEKING_PARTNERS">programs seeking partners now</Link>.
            </p>
            <WatchForm programId={program.id} programName={program.name} />
          </>
        )}
      </section>

      <div className="program-details">
        <section aria-labelledby="specs-heading">
          <h2 id="specs-heading">Relevant specs</h2>
          <SpecList specs={program.specs} availability={program.specAvailability ?? null} />
        </section>
        <section aria-labelledby="labs-heading">
          <h2 id="labs-heading">Certification labs</h2>
          <LabList labs={program.labs} availability={program.labAvailability ?? null} />
        </section>
      </div>

      <ProgramProducts programSlug={program.slug} programName={program.name} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Status history</h2>
        <ol className="timeline" reversed>
          {[...program.statusHistory].reverse().map((change) => (
            <li key={`${change.changedAt}-${change.to}`}>
              <time dateTime={change.changedAt}>{formatDate(change.changedAt)}</time>:{' '}
              {change.from ? (
                <>
                  {ADMISSION_STATUS_LABELS[change.from]} → <strong>{ADMISSION_STATUS_LABELS[change.to]}</strong>
                </>
              ) : (
                <>
                  Listed as <strong>{ADMISSION_STATUS_LABELS[change.to]}</strong>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** "Status changed: …" when the status of the program shown changes while it is open; empty until then. */
function useStatusAnnouncement(programId: string | undefined, status: AdmissionStatus | undefined): string {
  const [announcement, setAnnouncement] = useState('');
  const seen = useRef<{ programId: string; status: AdmissionStatus } | null>(null);
  useEffect(() => {
    if (!programId || !status) return;
    const before = seen.current;
    if (before?.programId !== programId) setAnnouncement('');
    else if (before.status !== status) setAnnouncement(`Status changed: ${ADMISSION_STATUS_LABELS[status]}`);
    seen.current = { programId, status };
  }, [programId, status]);
  return announcement;
}
