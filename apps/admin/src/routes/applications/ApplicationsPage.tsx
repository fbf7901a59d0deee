import { useQuery } from '@apollo/client/react';
import { ADMISSION_STATUSES } from '@certhub/domain/admission-status';
import { APPLICATION_STATUS_LABELS, APPLICATION_STATUSES, ApplicationStatus } from '@certhub/domain/application';
import { SelectField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { Link } from 'react-router';
import { ApplicationStatusBadge } from '../../components/ApplicationStatusBadge.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { ShowMore } from '../../components/fields.js';
import { formatDate } from '../../components/format.js';
import { SearchField } from '../../components/SearchField.js';
import { useAddressState } from '../../components/url-state.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { ApplicationsPageQuery as ApplicationsPageData } from '../../gql/graphql.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { type StatusFilter, statusesOf } from './application-review.js';

/** The figures one row of the pipeline table shows. */
export const PipelineCellsFigures = graphql(`
  fragment PipelineCells_figures on ApplicationPipelineFigures {
    open {
      status
      count
    }
    openTotal
    decisions
    medianDaysToDecision
    onboardings
    medianDaysToOnboarding
  }
`);

const ApplicationsPageQuery = graphql(`
  query ApplicationsPage($filter: ApplicationFilter, $after: String, $programs: ProgramFilter) {
    applications(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          reference
          status
          companyName
          contactName
          submittedAt
          statusChangedAt
          program {
            id
            name
          }
        }
      }
    }
    applicationPipeline {
      since
      overall {
        ...PipelineCells_figures
      }
      programs {
        program {
          id
          name
        }
        partnerCapacity
        partnerPlacesTaken
        figures {
          ...PipelineCells_figures
        }
      }
    }
    programs(filter: $programs, first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const OPEN_STATUSES = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.IN_REVIEW,
  ApplicationStatus.INFO_REQUESTED,
  ApplicationStatus.ACCEPTED,
];

type ApplicationRow = ApplicationsPageData['applications']['edges'][number]['node'];

const APPLICATION_COLUMNS: ReadonlyArray<Column<ApplicationRow>> = [
  {
    label: 'Reference',
    render: (application) => <Link to={`/applications/${encodeURIComponent(application.id)}`}>{application.reference}</Link>,
  },
  {
    label: 'Company',
    render: (application) => (
      <>
        {application.companyName}
        <div className="muted">{application.contactName}</div>
      </>
    ),
  },
  { label: 'Program', render: (application) => application.program.name },
  { label: 'Status', render: (application) => <ApplicationStatusBadge status={application.status} /> },
  { label: 'Submitted', render: (application) => formatDate(application.submittedAt) },
];

function statusFilterOf(value: string | null): StatusFilter {
  if (value === 'ALL') return 'ALL';
  return (APPLICATION_STATUSES as readonly string[]).includes(value ?? '') ? (value as ApplicationStatus) : 'OPEN';
}

/** The applications inbox: newest first, by status, program and search; the pipeline of each program below. */
export function ApplicationsPage() {
  usePageTitle('Applications');
  const { get, update, clear } = useAddressState();
  const status = statusFilterOf(get('status'));
  const programId = get('program');
  const search = get('q') ?? '';

  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(ApplicationsPageQuery, {
    variables: {
      filter: {
        status: statusesOf(status),
        ...(programId ? { programId } : {}),
        ...(search.trim() ? { search: search.trim() } : {}),
      },
      programs: { admissionStatus: [...ADMISSION_STATUSES] },
    },
  });
  const shown = data ?? previousData;
  const applications = shown?.applications.edges.map((edge) => edge.node) ?? [];
  const filtered = status !== 'OPEN' || programId || search;

  return (
    <section aria-labelledby="applications-heading">
      <h1 id="applications-heading">Applications</h1>
      <search className="filters" aria-label="Filter the applications">
        <SelectField
          label="Status"
          value={status}
          options={[
            { value: 'OPEN', label: 'Open (not yet onboarded, declined or withdrawn)' },
            { value: 'ALL', label: 'Any status' },
            ...APPLICATION_STATUSES.map((value) => ({ value, label: APPLICATION_STATUS_LABELS[value] })),
          ]}
          onChange={(value) => update({ status: value === 'OPEN' ? null : value })}
        />
        <SelectField
          label="Program"
          value={programId ?? ''}
          empty="Every program"
          options={(shown?.programs.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
          onChange={(value) => update({ program: value || null })}
        />
        <SearchField label="Search: company, contact or reference" value={search} onChange={(q) => update({ q: q || null })} />
      </search>

      {error && !shown ? (
        <LoadError what="the applications" error={error} retry={refetch} />
      ) : !shown ? (
        <Loading what="the applications" />
      ) : (
        <>
          <div aria-busy={loading}>
            <p className="muted" role="status">
              {shown.applications.totalCount === 1 ? '1 application' : `${shown.applications.totalCount} applications`}
              {filtered ? ' match' : ' are open'}.
            </p>
            {applications.length === 0 ? (
              <div className="empty-state">
                <h2>No application here</h2>
                <p>
                  {filtered ? 'Nothing matches this status, program and search together.' : 'Nobody is waiting for an answer.'}
                </p>
                {filtered && (
                  <button type="button" className="secondary" onClick={clear}>
                    Show the open applications
                  </button>
                )}
              </div>
            ) : (
              <DataTable caption="Applications, newest first" columns={APPLICATION_COLUMNS} rows={applications} />
            )}
            <ShowMore
              label="Show more applications"
              pageInfo={shown.applications.pageInfo}
              onMore={(after) => fetchMore({ variables: { after } })}
            />
          </div>
          <Pipeline pipeline={shown.applicationPipeline} onlyProgramId={programId} />
        </>
      )}
    </section>
  );
}

function Pipeline({
  pipeline,
  onlyProgramId,
}: {
  pipeline: ApplicationsPageData['applicationPipeline'];
  onlyProgramId: string | null;
}) {
  const rows = pipeline.programs.filter((row) => !onlyProgramId || row.program.id === onlyProgramId);
  return (
    <section aria-labelledby="pipeline-heading" className="panel">
      <h2 id="pipeline-heading">Pipeline</h2>
      <p className="muted">Open applications by status now; decisions and medians since {formatDate(pipeline.since)}.</p>
      <div className="table-scroll">
        <table className="data figures">
          <caption className="visually-hidden">Open applications and days to decision, per program</caption>
          <thead>
            <tr>
              <th scope="col">Program</th>
              {OPEN_STATUSES.map((value) => (
                <th scope="col" key={value}>
                  {APPLICATION_STATUS_LABELS[value].split(':')[0]}
                </th>
              ))}
              <th scope="col">Open</th>
              <th scope="col">Median days to decision</th>
              <th scope="col">Partner places taken</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.program.id}>
                <th scope="row">{row.program.name}</th>
                <PipelineCells figures={row.figures} />
                <td>
                  {row.partnerPlacesTaken}
                  {row.partnerCapacity === null ? ' (no limit)' : ` of ${row.partnerCapacity}`}
                </td>
              </tr>
            ))}
            {!onlyProgramId && (
              <tr>
                <th scope="row">All programs</th>
                <PipelineCells figures={pipeline.overall} />
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p>No application to this program yet.</p>}
    </section>
  );
}

/** Open applications by status, their total and the median days to a decision: a row's cells. */
function PipelineCells({ figures }: { figures: FragmentType<typeof PipelineCellsFigures> }) {
  const { open, openTotal, medianDaysToDecision } = getFragmentData(PipelineCellsFigures, figures);
  return (
    <>
      {OPEN_STATUSES.map((value) => (
        <td key={value}>{open.find((count) => count.status === value)?.count ?? 0}</td>
      ))}
      <td>{openTotal}</td>
      <td>{medianDaysToDecision == null ? '—' : medianDaysToDecision.toFixed(1)}</td>
    </>
  );
}
