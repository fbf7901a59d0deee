import { useMutation, useQuery } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { useEffect, useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable.js';
import { Problem, ShowMore } from '../../components/fields.js';
import { formatDateTime } from '../../components/format.js';
import type { DeliveryLog_DeliveryFragment } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { deliveryState, WEBHOOK_EVENT_LABELS } from './webhook-words.js';

const DeliveryLog_delivery = graphql(`
  fragment DeliveryLog_delivery on WebhookDelivery {
    id
    event
    deliveryKey
    status
    attempts
    lastError
    nextAttemptAt
    sentAt
    createdAt
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($endpointId: ID!, $first: Int!, $after: String) {
    webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...DeliveryLog_delivery
        }
      }
    }
  }
`);

const RedeliverWebhook = graphql(
  `mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { ...DeliveryLog_delivery } }`,
);

const PAGE_SIZE = 20;
/** While a delivery is on its way, the log looks again this often (the outbox sends within seconds). */
export const PENDING_POLL_MS = 1_500;

const DELIVERY_COLUMNS: ReadonlyArray<Column<DeliveryLog_DeliveryFragment>> = [
  {
    label: 'Event',
    render: (delivery) => (
      <>
        {WEBHOOK_EVENT_LABELS[delivery.event]}
        <div className="muted delivery-id">
          <span className="visually-hidden">Delivery id </span>
          <code>{delivery.deliveryKey}</code>
        </div>
      </>
    ),
  },
  {
    label: 'State',
    render: (delivery) => (
      <span className={`delivery-state delivery-${delivery.status.toLowerCase()}`}>{deliveryState(delivery)}</span>
    ),
  },
  { label: 'Attempts', render: (delivery) => delivery.attempts },
  {
    label: 'Answer or error',
    render: (delivery) => delivery.lastError ?? (delivery.status === 'SENT' ? 'Accepted (2xx)' : '—'),
  },
  {
    label: 'Times',
    render: (delivery) => (
      <>
        <div>Queued {formatDateTime(delivery.createdAt)}</div>
        {delivery.sentAt ? (
          <div>Delivered {formatDateTime(delivery.sentAt)}</div>
        ) : (
          delivery.status === 'PENDING' && <div>Next attempt {formatDateTime(delivery.nextAttemptAt)}</div>
        )}
      </>
    ),
  },
];

/**
 * An endpoint's delivery log, newest first, a page at a time. Each delivery can be sent again with
 * the same delivery id (CertHub-Delivery), so a receiver that got it already can drop it.
 */
export function DeliveryLog({
  endpointId,
  endpointName,
  onAnnounce,
}: {
  endpointId: string;
  endpointName: string;
  onAnnounce: (text: string) => void;
}) {
  const { data, loading, error, refetch, fetchMore, startPolling, stopPolling } = useQuery(WebhookDeliveriesQuery, {
    variables: { endpointId, first: PAGE_SIZE },
  });
  const deliveries = data?.webhookDeliveries.edges.map((edge) => getFragmentData(DeliveryLog_delivery, edge.node)) ?? [];
  // Looks again while something is on its way, as long as only the newest page is shown (a
  // refresh reads that page again, and would drop the pages read with "Show more").
  const onItsWay = deliveries.length <= PAGE_SIZE && deliveries.some((delivery) => delivery.status === 'PENDING');
  useEffect(() => {
    if (!onItsWay) return;
    startPolling(PENDING_POLL_MS);
    return stopPolling;
  }, [onItsWay, startPolling, stopPolling]);
  const [redeliver] = useMutation(RedeliverWebhook);
  const [sending, setSending] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const again = async (delivery: { id: string; event: keyof typeof WEBHOOK_EVENT_LABELS; deliveryKey: string }) => {
    setSending(delivery.id);
    setProblem(null);
    try {
      await redeliver({ variables: { deliveryId: delivery.id } });
      await refetch();
      onAnnounce(
        `${WEBHOOK_EVENT_LABELS[delivery.event]} queued again for ${endpointName}, with the same delivery id ${delivery.deliveryKey}.`,
      );
    } catch (failure) {
      setProblem(`Not sent again: ${errorsOf(failure)[0]?.message ?? 'something went wrong.'}`);
    } finally {
      setSending(null);
    }
  };

  if (error && !data) return <LoadError what={`the deliveries to ${endpointName}`} error={error} retry={refetch} />;
  if (!data) return <Loading what={`the deliveries to ${endpointName}`} />;
  const { totalCount, pageInfo } = data.webhookDeliveries;
  return (
    <section className="delivery-log" aria-label={`Deliveries to ${endpointName}`} aria-busy={loading}>
      <div className="page-heading">
        <h3>Deliveries to {endpointName}</h3>
        <button type="button" className="secondary" onClick={() => void refetch()}>
          Refresh<span className="visually-hidden"> the deliveries to {endpointName}</span>
        </button>
      </div>
      <Problem>{problem}</Problem>
      {deliveries.length === 0 ? (
        <p className="muted">No deliveries yet: the next event it asked for will be sent to it.</p>
      ) : (
        <>
          <p className="muted">
            {totalCount === 1 ? '1 delivery' : `${totalCount} deliveries`}, newest first
            {deliveries.length < totalCount ? ` (${deliveries.length} shown)` : ''}.
          </p>
          <DataTable
            caption={`Deliveries to ${endpointName}, newest first`}
            className="data deliveries"
            rows={deliveries}
            columns={DELIVERY_COLUMNS}
            actions={(delivery) => (
              <button type="button" className="secondary" disabled={sending !== null} onClick={() => void again(delivery)}>
                {sending === delivery.id ? 'Sending…' : 'Redeliver'}
                <span className="visually-hidden">
                  {' '}
                  {WEBHOOK_EVENT_LABELS[delivery.event]} {delivery.deliveryKey}
                </span>
              </button>
            )}
            expanded={() => null}
          />
          <ShowMore label="Show more deliveries" pageInfo={pageInfo} onMore={(after) => fetchMore({ variables: { after } })} />
        </>
      )}
    </section>
  );
}
