import { useQuery } from '@apollo/client/react';
import { ADMISSION_STATUS_LABELS, ADMISSION_STATUS_SHORT_LABELS, ADMISSION_STATUSES } from '@certhub/domain/admission-status';
import { groupByCategory } from '@certhub/domain/category-groups';
import { SelectField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { StatusBadge } from '@certhub/web-ui/StatusBadge';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { ShowMore } from '../../components/fields.js';
import { formatDate } from '../../components/format.js';
import { SearchField } from '../../components/SearchField.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { StatusEditor_ProgramFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { BulkStatusPanel } from './BulkStatusPanel.js';
import { type LiveStatusChange, useLiveProgramStatus } from './live-status.js';
import { filterFromSearchParams, filterToSearchParams, type ProgramsFilter, toProgramFilter } from './programs-filter.js';
import { ScheduledMarker } from './ScheduledMarker.js';
import { StatusEditor, StatusEditor_program } from './StatusEditor.js';

export const ProgramsPageQuery = graphql(`
  query ProgramsPage($filter: ProgramFilter, $after: String) {
    programs(filter: $filter, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...StatusEditor_program
          ...ScheduledMarker_program
        }
      }
    }
    categories {
      id
      slug
      name
    }
  }
`);

/** What the list says after a change: the words, and where the public site shows the program. */
interface Announcement {
  text: string;
  publicPath: string | null;
}

/**
 * The console's home: every program, closed ones too, by category, each with its status changeable
 * in place. The filter lives in the address, so a filtered list can be shared and reloaded.
 */
export function ProgramsPage() {
  usePageTitle('Programs');
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromSearchParams(searchParams);
  const setFilter = useCallback(
    (next: ProgramsFilter) => setSearchParams(filterToSearchParams(next), { replace: true }),
    [setSearchParams],
  );
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(ProgramsPageQuery, {
    variables: { filter: toProgramFilter(filter) },
  });
  const shown = data ?? previousData;
  const [editing, setEditing] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const select = (ids: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const programId of ids) {
      if (on) next.add(programId);
      else next.delete(programId);
    }
    setSelected(next);
  };
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const changeButtons = useRef(new Map<string, HTMLButtonElement>());
  const [returnFocusTo, setReturnFocusTo] = useState<string | null>(null);
  useEffect(() => {
    if (returnFocusTo) changeButtons.current.get(returnFocusTo)?.focus();
  }, [returnFocusTo]);

  const categoryNames = useMemo(
    () => new Map((shown?.categories ?? []).map((category) => [category.id, category.name])),
    [shown?.categories],
  );
  const programs = shown?.programs.edges.map((edge) => getFragmentData(StatusEditor_program, edge.node)) ?? [];
  // Each program's scheduled changes, by id, for its marker (a fragment of its own).
  const scheduledOf = new Map(
    shown?.programs.edges.map((edge) => [getFragmentData(StatusEditor_program, edge.node).id, edge.node]),
  );
  const selectedPrograms = programs.filter((program) => selected.has(program.id));

  // Live: a change made elsewhere shows in its row at once (an open editor keeps what its user
  // saw, so confirming still meets the conflict screen); a program new to the list reloads it.
  const [liveUpdate, setLiveUpdate] = useState<string | null>(null);
  useLiveProgramStatus(({ event, news }: LiveStatusChange) => {
    const listed = programs.some((program) => program.id === event.program.id);
    const joins = !listed && shown && !shown.programs.pageInfo.hasNextPage && matches(filter, event);
    if ((listed && news) || joins) {
      setLiveUpdate(`Updated just now: ${event.program.name} is ${ADMISSION_STATUS_LABELS[event.to]}.`);
    }
    if (joins) void refetch();
  });

  const openEditor = (program: StatusEditor_ProgramFragment) => {
    setAnnouncement(null);
    setReturnFocusTo(null);
    setEditing(editing === program.id ? null : program.id);
  };
  const closeEditor = (program: StatusEditor_ProgramFragment, text?: string) => {
    setEditing(null);
    setReturnFocusTo(program.id);
    if (text) setAnnouncement({ text, publicPath: `/programs/${program.slug}` });
  };

  return (
    <section aria-labelledby="programs-heading">
      <div className="page-heading">
        <h1 id="programs-heading">Programs</h1>
        <Link className="button" to="/programs/new">
          New program
        </Link>
      </div>

      <search className="filters" aria-label="Filter the programs">
        <SelectField
          label="Status"
          value={filter.status ?? ''}
          empty="Any status, closed too"
          options={ADMISSION_STATUSES.map((status) => ({ value: status, label: ADMISSION_STATUS_SHORT_LABELS[status] }))}
          onChange={(status) => setFilter({ ...filter, status: status || null })}
        />
        <SelectField
          label="Category"
          value={filter.category ?? ''}
          empty="Every category"
          options={(shown?.categories ?? []).map((category) => ({ value: category.slug, label: category.name }))}
          onChange={(category) => setFilter({ ...filter, category: category || null })}
        />
        <SearchField label="Search by name" value={filter.search} onChange={(search) => setFilter({ ...filter, search })} />
      </search>

      <Announcer>
        {announcement && (
          <p className="callout">
            {announcement.text} {announcement.publicPath && <a href={announcement.publicPath}>See it on the public site</a>}
          </p>
        )}
      </Announcer>

      <div className="live-update" role="status" aria-live="polite">
        {liveUpdate && <p className="muted">{liveUpdate}</p>}
      </div>

      {error && !shown ? (
        <LoadError what="the programs" error={error} retry={refetch} />
      ) : !shown ? (
        <Loading what="the programs" />
      ) : programs.length === 0 ? (
        <div className="empty-state">
          <h2>No program matches</h2>
          <p>Nothing has this status, category and name together.</p>
          <button type="button" className="secondary" onClick={() => setFilter({ status: null, category: null, search: '' })}>
            Show every program
          </button>
        </div>
      ) : (
        <div aria-busy={loading}>
          <p className="muted">
            {shown.programs.totalCount === 1 ? '1 program' : `${shown.programs.totalCount} programs`}
            {filter.status || filter.category || filter.search ? ' match' : ', closed ones included'}.
          </p>
          <table className="programs">
            <caption className="visually-hidden">Programs by category, with their status</caption>
            <thead>
              <tr>
                <th scope="col" className="select-cell">
                  <span className="visually-hidden">Selected</span>
                </th>
                <th scope="col">Program</th>
                <th scope="col">Status</th>
                <th scope="col">Status since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            {groupByCategory(programs).map((group) => (
              <tbody key={group.category.id}>
                <tr className="category-row">
                  <td className="select-cell">
                    <SelectAll
                      label={`Select every program of ${group.category.name}`}
                      // Statuses change in batches; a closed program is reopened on its own page.
                      ids={group.items.filter((program) => program.admissionStatus !== 'CLOSED').map((program) => program.id)}
                      selected={selected}
                      onChange={select}
                    />
                  </td>
                  <th scope="rowgroup" colSpan={4}>
                    {group.category.name}
                  </th>
                </tr>
                {group.items.map((program) => (
                  <Fragment key={program.id}>
                    <tr>
                      <td className="select-cell">
                        <input
                          type="checkbox"
                          aria-label={`Select ${program.name}`}
                          checked={selected.has(program.id)}
                          onChange={(event) => select([program.id], event.target.checked)}
                        />
                      </td>
                      <th scope="row">
                        <Link to={`/programs/${program.slug}`}>{program.name}</Link>
                      </th>
                      <td>
                        <StatusBadge
                          status={program.admissionStatus}
                          label={ADMISSION_STATUS_SHORT_LABELS[program.admissionStatus]}
                          title={ADMISSION_STATUS_LABELS[program.admissionStatus]}
                        />
                        <ScheduledMarker program={scheduledOf.get(program.id)} />
                      </td>
                      <td>{formatDate(program.statusChangedAt)}</td>
                      <td className="row-actions">
                        <button
                          type="button"
                          className="secondary"
                          aria-expanded={editing === program.id}
                          aria-controls={editing === program.id ? `status-editor-${program.id}` : undefined}
                          onClick={() => openEditor(program)}
                          ref={(button) => {
                            if (button) changeButtons.current.set(program.id, button);
                            else changeButtons.current.delete(program.id);
                          }}
                        >
                          Change status<span className="visually-hidden"> of {program.name}</span>
                        </button>
                      </td>
                    </tr>
                    {editing === program.id && (
                      <tr className="editor-row">
                        <td colSpan={5} id={`status-editor-${program.id}`}>
                          <StatusEditor
                            program={program}
                            categoryNames={categoryNames}
                            onClose={(text) => closeEditor(program, text)}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            ))}
          </table>
          <ShowMore
            label="Show more programs"
            pageInfo={shown.programs.pageInfo}
            onMore={(after) => fetchMore({ variables: { after } })}
          />
          {selectedPrograms.length > 0 && <BulkStatusPanel selected={selectedPrograms} onClear={() => setSelected(new Set())} />}
        </div>
      )}
    </section>
  );
}

/** Whether a program the list does not hold belongs in it: a program created meanwhile, for instance. */
function matches(filter: ProgramsFilter, event: LiveStatusChange['event']): boolean {
  return (
    (!filter.status || filter.status === event.to) &&
    (!filter.category || filter.category === event.program.category.slug) &&
    event.program.name.toLowerCase().includes(filter.search.trim().toLowerCase())
  );
}

/** The checkbox of a category: all of its programs, some of them (mixed), or none. */
function SelectAll({
  label,
  ids,
  selected,
  onChange,
}: {
  label: string;
  ids: readonly string[];
  selected: ReadonlySet<string>;
  onChange: (ids: readonly string[], on: boolean) => void;
}) {
  const count = ids.filter((programId) => selected.has(programId)).length;
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={count === ids.length}
      ref={(input) => {
        if (input) input.indeterminate = count > 0 && count < ids.length;
      }}
      onChange={(event) => onChange(ids, event.target.checked)}
    />
  );
}
