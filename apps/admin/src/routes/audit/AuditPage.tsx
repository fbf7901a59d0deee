import { useMutation, useQuery } from '@apollo/client/react';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { errorsOf } from '@certhub/web-ui/errors';
import { SelectField, TextField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { ShowMore } from '../../components/fields.js';
import { formatDateTime } from '../../components/format.js';
import { useAddressState } from '../../components/url-state.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { useSession } from '../../session/session.js';
import { UndoStatusBatch } from '../programs/BulkStatusPanel.js';
import { useScheduledChangesQuestion } from '../programs/useScheduledChangesQuestion.js';
import { describeValue, isUndoable, periodOf } from './audit-values.js';

const AuditPageQuery = graphql(`
  query AuditPage($filter: AuditLogFilter, $after: String, $withUsers: Boolean!) {
    # The accounts to filter by: admins only may list them.
    users @include(if: $withUsers) {
      id
      email
    }
    auditLog(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          batchId
          occurredAt
          actor
          actorId
          reason
          entityType
          entityId
          action
          summary
          changes {
            field
            from
            to
          }
        }
      }
    }
  }
`);

const ENTITY_TYPES = ['Program', 'Category', 'Lab', 'Spec', 'Application', 'User', 'HowToJoin'] as const;

/** Every recorded change, newest first: by entity, user and period, each with its fields before and after. */
export function AuditPage() {
  usePageTitle('Audit log');
  const { me } = useSession();
  const { get, update } = useAddressState();
  const filter = {
    ...(get('entityType') ? { entityType: get('entityType') } : {}),
    ...(get('entityId') ? { entityId: get('entityId') } : {}),
    ...(get('user') ? { actorId: get('user') } : {}),
    ...periodOf(get('from'), get('to')),
  };
  const isAdmin = me?.role === 'ADMIN';
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(AuditPageQuery, {
    variables: { filter, withUsers: isAdmin },
  });
  const shown = data ?? previousData;
  const [announcement, setAnnouncement] = useState<{ text: string; error: boolean } | null>(null);
  const [undo, { loading: undoing }] = useMutation(UndoStatusBatch);
  // Going back is a status change: scheduled changes of the status on those programs are asked about.
  const scheduled = useScheduledChangesQuestion();

  const onUndo = async (batchId: string, scheduledChanges: ScheduledChangesChoice | null = null) => {
    setAnnouncement(null);
    try {
      const { data: undone } = await undo({
        variables: { input: { batchId, ...(scheduledChanges ? { scheduledChanges } : {}) } },
      });
      const count = undone?.undoStatusBatch.changes.length ?? 0;
      setAnnouncement({
        text: `Undone: ${count === 1 ? '1 program is' : `${count} programs are`} back as they were.`,
        error: false,
      });
      void refetch();
    } catch (failure) {
      if (scheduled.ask(failure, (choice) => void onUndo(batchId, choice))) return;
      setAnnouncement({ text: errorsOf(failure)[0]?.message ?? 'The batch was not undone.', error: true });
    }
  };

  const edges = shown?.auditLog.edges ?? [];
  const firstOfBatch = new Set<string>();
  const seenBatches = new Set<string>();
  for (const edge of edges) {
    if (!seenBatches.has(edge.node.batchId)) firstOfBatch.add(edge.cursor);
    seenBatches.add(edge.node.batchId);
  }

  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <search className="filters" aria-label="Filter the audit log">
        <SelectField
          label="Kind of entity"
          value={get('entityType') ?? ''}
          empty="Any"
          options={ENTITY_TYPES.map((type) => ({ value: type, label: type === 'HowToJoin' ? 'How-to-join page' : type }))}
          onChange={(entityType) => update({ entityType, entityId: null })}
        />
        <SelectField
          label="Changed by"
          value={get('user') ?? ''}
          empty="Anyone"
          options={
            isAdmin
              ? (shown?.users ?? []).map((user) => ({ value: user.id, label: user.email }))
              : me
                ? [{ value: me.id, label: `Me (${me.email})` }]
                : []
          }
          onChange={(user) => update({ user })}
        />
        <TextField label="From" type="date" value={get('from') ?? ''} onChange={(from) => update({ from })} />
        <TextField label="To" type="date" value={get('to') ?? ''} onChange={(to) => update({ to })} />
      </search>
      {get('entityId') && (
        <p>
          Only the history of one {get('entityType')?.toLowerCase() ?? 'entity'}.{' '}
          <button type="button" className="link-button" onClick={() => update({ entityId: null })}>
            Show all of them
          </button>
        </p>
      )}
      <Announcer>
        {announcement && <p className={announcement.error ? 'callout callout-error' : 'callout'}>{announcement.text}</p>}
      </Announcer>

      {error && !shown ? (
        <LoadError what="the audit log" error={error} retry={refetch} />
      ) : !shown ? (
        <Loading what="the audit log" />
      ) : edges.length === 0 ? (
        <div className="empty-state">
          <h2>Nothing recorded</h2>
          <p>No change matches this kind, person and period.</p>
        </div>
      ) : (
        <div aria-busy={loading}>
          <p className="muted">
            {shown.auditLog.totalCount === 1 ? '1 change' : `${shown.auditLog.totalCount} changes`}, newest first.
          </p>
          <div className="table-scroll">
            <table className="data audit">
              <caption className="visually-hidden">Recorded changes, newest first, with each field before and after</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Fields</th>
                </tr>
              </thead>
              <tbody>
                {edges.map(({ cursor, node: event }) => (
                  <tr key={cursor}>
                    <td>{formatDateTime(event.occurredAt)}</td>
                    <td>{event.actor}</td>
                    <th scope="row">
                      {event.summary}
                      {event.reason && <div className="muted">Reason: {event.reason}</div>}
                      {event.entityType === 'Program' && (
                        <div>
                          <Link to={`/audit?entityType=Program&entityId=${encodeURIComponent(event.entityId)}`}>
                            History of this program
                          </Link>
                        </div>
                      )}
                      {isUndoable(event) && firstOfBatch.has(cursor) && (
                        <button type="button" className="secondary" disabled={undoing} onClick={() => void onUndo(event.batchId)}>
                          Undo this batch
                        </button>
                      )}
                    </th>
                    <td>
                      {event.changes.length > 0 && (
                        <dl className="summary-list changes">
                          {event.changes.map((change) => (
                            <Fragment key={change.field}>
                              <dt>{change.field}</dt>
                              <dd>
                                <span className="visually-hidden">before: </span>
                                <del>{describeValue(change.from)}</del> → <span className="visually-hidden">after: </span>
                                <ins>{describeValue(change.to)}</ins>
                              </dd>
                            </Fragment>
                          ))}
                        </dl>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMore
            label="Show older changes"
            pageInfo={shown.auditLog.pageInfo}
            onMore={(after) => fetchMore({ variables: { after } })}
          />
        </div>
      )}
      {scheduled.dialog}
    </section>
  );
}
