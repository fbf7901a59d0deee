import { useQuery, useSubscription } from '@apollo/client/react';
import { type AdmissionStatus, acceptsApplications } from '@certhub/domain/admission-status';
import { StatusBadge } from '@certhub/web-ui/StatusBadge';
import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { LabList, SpecList } from '../../components/ProgramLinks.js';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import type { ProgramPage_ProgramFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { useFormatDay } from '../../i18n/format-day.js';
import { type MessageKey, useLocale, useT } from '../../i18n/locale.js';
import type { PageMeta } from '../../page-head/head-tags.js';
import { usePageMeta } from '../../page-head/page-meta.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { ProgramProducts } from '../products/ProgramProducts.js';
import { AdmissionContact } from './AdmissionContact.js';
import { ProgramTimeline } from './ProgramTimeline.js';
import { ScheduledAnnouncement } from './ScheduledAnnouncement.js';
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
    ...ProgramTimeline_program
    ...AdmissionContact_program
    ...ScheduledAnnouncement_program
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
const ProgramLiveSubscription = graphql(
  `subscription ProgramLive($programId: ID!) { programChanged(programId: $programId) { ...ProgramPage_program } }`,
);

export function ProgramPage() {
  const t = useT();
  const { localePath } = useLocale();
  const formatDate = useFormatDay();
  const { slug = '' } = useParams();
  // Read again on every visit: a cached copy may predate changes made while the page was not shown.
  const { data, error, refetch } = useQuery(ProgramPageQuery, {
    variables: { slug },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const program = getFragmentData(ProgramPageProgram, data?.program);
  // Not found: NotFoundPage speaks for the page.
  usePageMeta(program ? programMeta(program, t, localePath) : data ? null : { title: t('program.title') });
  // Live: each change is written to the cache (same program id), so everything below follows it.
  useSubscription(ProgramLiveSubscription, {
    variables: { programId: program?.id ?? '' },
    skip: !program,
  });
  const statusChange = useStatusAnnouncement(program?.id, program?.admissionStatus);

  if (error && !data) return <PageLoadError what="program.what" error={error} retry={refetch} />;
  if (!data) return <PageLoading message="program.loading" />;
  if (!program) return <NotFoundPage />;

  return (
    <article className="page program">
      <nav aria-label={t('program.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={localePath('/')}>{t('site.nav.programs')}</Link>
          </li>
          <li>
            <Link to={localePath(`/?category=${program.category.slug}`)}>{program.category.name}</Link>
          </li>
        </ol>
      </nav>
      <h1>{program.name}</h1>
      <div className="live-update" role="status" aria-live="polite">
        {statusChange && <p className="callout">{statusChange}</p>}
      </div>
      <p className="program-status">
        <StatusBadge
          status={program.admissionStatus}
          label={t(`admissionStatusShort.${program.admissionStatus}`)}
          title={t(`admissionStatus.${program.admissionStatus}`)}
        />{' '}
        <span className="muted">{t('program.since', { date: formatDate(program.statusChangedAt) })}</span>
      </p>
      <ScheduledAnnouncement program={program} />

      {program.admissionStatus === 'CLOSED' ? (
        <section className="next-step" aria-labelledby="next-step-heading">
          <h2 id="next-step-heading">{t('program.closedHeading')}</h2>
          <p>{t('program.closedText')}</p>
          <p>
            <FormattedMessage
              id="program.closedSee"
              values={{
                seeking: (chunks) => <Link to={localePath('/?status=SEEKING_PARTNERS')}>{chunks}</Link>,
                all: (chunks) => <Link to={localePath('/')}>{chunks}</Link>,
              }}
            />
          </p>
        </section>
      ) : (
        <NextStep program={program} />
      )}

      <div className="program-details">
        <section aria-labelledby="specs-heading">
          <h2 id="specs-heading">{t('catalog.specs')}</h2>
          <SpecList specs={program.specs} availability={program.specAvailability ?? null} />
        </section>
        <section aria-labelledby="labs-heading">
          <h2 id="labs-heading">{t('catalog.labs')}</h2>
          <LabList labs={program.labs} availability={program.labAvailability ?? null} />
        </section>
      </div>

      <ProgramProducts programSlug={program.slug} programName={program.name} />

      <ProgramTimeline program={program} />
    </article>
  );
}

/** What a visitor can do about a program in the catalogue: apply, or be told when it starts seeking partners. */
function NextStep({ program }: { program: ProgramPage_ProgramFragment }) {
  const t = useT();
  const { localePath } = useLocale();
  return (
    <section className="next-step" aria-labelledby="next-step-heading">
      <h2 id="next-step-heading">{t('program.nextStep')}</h2>
      <p>{t(`admissionStatusNextStep.${program.admissionStatus}`)}</p>
      {acceptsApplications(program.admissionStatus) && (
        <p>
          <Link className="button" to={localePath(`/programs/${program.slug}/apply`)}>
            {t('program.apply', { program: program.name })}
          </Link>
        </p>
      )}
      <AdmissionContact program={program} />
      {!acceptsApplications(program.admissionStatus) && program.admissionStatus !== 'NO_ADMISSION_REVIEW' && (
        <>
          <p>
            <FormattedMessage
              id="program.seeSeeking"
              values={{ seeking: (chunks) => <Link to={localePath('/?status=SEEKING_PARTNERS')}>{chunks}</Link> }}
            />
          </p>
          <WatchForm programId={program.id} programName={program.name} />
        </>
      )}
    </section>
  );
}

/** The program as a page: a description from its status, and schema.org data; a closed one answers 410 and is not indexed. */
function programMeta(
  program: ProgramPage_ProgramFragment,
  t: (id: MessageKey, values?: Record<string, string>) => string,
  localePath: (path: string) => string,
): PageMeta {
  const closed = program.admissionStatus === 'CLOSED';
  const path = localePath(`/programs/${program.slug}`);
  const status = t(`admissionStatus.${program.admissionStatus}`);
  return {
    title: program.name,
    description: `${program.name} (${program.category.name}): ${status}. ${t(`admissionStatusNextStep.${program.admissionStatus}`)}`,
    canonicalPath: closed ? null : path,
    status: closed ? 410 : 200,
    openGraphType: 'article',
    structuredData: (url) => ({
      '@type': 'WebPage',
      name: program.name,
      url: url(path),
      dateModified: program.statusChangedAt,
      breadcrumb: {
        '@type': 'BreadcrumbList',
        itemListElement: [
          { '@type': 'ListItem', position: 1, name: t('site.nav.programs'), item: url(localePath('/')) },
          {
            '@type': 'ListItem',
            position: 2,
            name: program.category.name,
            item: url(localePath(`/?category=${program.category.slug}`)),
          },
          { '@type': 'ListItem', position: 3, name: program.name, item: url(path) },
        ],
      },
      mainEntity: {
        '@type': 'Certification',
        name: program.name,
        url: url(path),
        about: program.category.name,
        certificationStatus: closed ? 'https://schema.org/CertificationInactive' : 'https://schema.org/CertificationActive',
        description: status,
      },
    }),
  };
}

/** "Status changed: …" when the status of the program shown changes while it is open; empty until then. */
function useStatusAnnouncement(programId: string | undefined, status: AdmissionStatus | undefined): string {
  const t = useT();
  const [announcement, setAnnouncement] = useState('');
  const seen = useRef<{ programId: string; status: AdmissionStatus } | null>(null);
  useEffect(() => {
    if (!programId || !status) return;
    const before = seen.current;
    if (before?.programId !== programId) setAnnouncement('');
    else if (before.status !== status) setAnnouncement(t('program.statusChanged', { status: t(`admissionStatus.${status}`) }));
    seen.current = { programId, status };
  }, [programId, status, t]);
  return announcement;
}
