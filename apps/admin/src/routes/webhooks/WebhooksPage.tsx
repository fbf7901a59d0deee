import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { useEffect, useRef, useState } from 'react';
import { Announcer } from '../../components/Announcer.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { Problem } from '../../components/fields.js';
import { formatDateTime } from '../../components/format.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { WebhooksPage_EndpointFragment } from '../../gql/graphql.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { DeliveryLog, PENDING_POLL_MS } from './DeliveryLog.js';
import { WebhookForm, type WebhookFormValues } from './WebhookForm.js';
import { deliveryState, type EndpointField, endpointErrors, WEBHOOK_EVENT_LABELS } from './webhook-words.js';

/** How the newest delivery to an endpoint went. */
const LastDelivery_delivery = graphql(`
  fragment LastDelivery_delivery on WebhookDelivery {
    id
    status
    attempts
    lastError
    sentAt
    createdAt
  }
`);

const WebhooksPage_endpoint = graphql(`
  fragment WebhooksPage_endpoint on WebhookEndpoint {
    id
    name
    url
    events
    active
    createdAt
    lastDelivery {
      ...LastDelivery_delivery
    }
  }
`);

const WebhooksPageQuery = graphql(`
  query WebhooksPage {
    webhookEndpoints {
      ...WebhooksPage_endpoint
    }
  }
`);

/** Every status change may queue deliveries: the screen reads the logs it shows again. */
const WebhookTriggers = graphql(`
  subscription WebhookTriggers {
    programStatusChanged {
      changedAt
    }
  }
`);

const CreateWebhookEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        ...WebhooksPage_endpoint
      }
      secret
    }
  }
`);

const UpdateWebhookEndpoint = graphql(
  `mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhooksPage_endpoint } }`,
);

const DeleteWebhookEndpoint = graphql(
  `mutation DeleteWebhookEndpoint($endpointId: ID!) { deleteWebhookEndpoint(endpointId: $endpointId) }`,
);

/** A new endpoint's signing secret: shown this once. */
interface Handover {
  name: string;
  secret: string;
}

type Open = { kind: 'edit' | 'delete' | 'log'; endpointId: string } | null;

const ENDPOINT_COLUMNS: ReadonlyArray<Column<WebhooksPage_EndpointFragment>> = [
  {
    label: 'Endpoint',
    render: (endpoint) => (
      <>
        {endpoint.name}
        <div className="muted endpoint-url">{endpoint.url}</div>
      </>
    ),
  },
  { label: 'Events', render: (endpoint) => endpoint.events.map((event) => WEBHOOK_EVENT_LABELS[event]).join(', ') },
  { label: 'Enabled', render: (endpoint) => (endpoint.active ? 'Enabled' : 'Disabled') },
  { label: 'Last delivery', render: (endpoint) => <LastDelivery delivery={endpoint.lastDelivery} /> },
];

const NEW_ENDPOINT: WebhookFormValues = { name: '', url: '', events: ['PROGRAM_STATUS_CHANGED'], active: true };

/**
 * Webhooks, for admins: the third parties' addresses that get signed JSON events, what each asked
 * for and how its last delivery went; register, edit, delete, and each endpoint's delivery log
 * with "Redeliver".
 */
export function WebhooksPage() {
  usePageTitle('Webhooks');
  const client = useApolloClient();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(WebhooksPageQuery);
  const endpoints = getFragmentData(WebhooksPage_endpoint, data?.webhookEndpoints);
  // A delivery on its way is looked at again until it is sent or given up.
  const delivering = endpoints?.some(
    (endpoint) => getFragmentData(LastDelivery_delivery, endpoint.lastDelivery)?.status === 'PENDING',
  );
  useEffect(() => {
    if (!delivering) return;
    startPolling(PENDING_POLL_MS);
    return stopPolling;
  }, [delivering, startPolling, stopPolling]);
  const [open, setOpen] = useState<Open>(null);
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const [handover, setHandover] = useState<Handover | null>(null);
  useSubscription(WebhookTriggers, {
    fetchPolicy: 'no-cache',
    onData: () => void client.refetchQueries({ include: ['WebhooksPage', 'WebhookDeliveries'] }),
  });

  const toggle = (kind: 'edit' | 'delete' | 'log', endpointId: string) => {
    setHandover(null);
    setAnnouncement(null);
    setOpen(open?.kind === kind && open.endpointId === endpointId ? null : { kind, endpointId });
  };
  const done = (text: string) => {
    setOpen(null);
    setAnnouncement(text);
  };

  return (
    <section aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhooks</h1>
      <p className="lead">
        Addresses of third parties that get a signed JSON event (CertHub-Signature) when a program changes. Failed deliveries are
        retried for about a day.
      </p>
      <Announcer>
        {handover ? (
          <div className="callout secret-handover">
            <p>
              {handover.name} is registered. Its signing secret: <code className="one-time-password">{handover.secret}</code>{' '}
              <CopyButton text={handover.secret} />
            </p>
            <p>
              <strong>Copy it now: it won't be shown again.</strong> The receiver checks each delivery's CertHub-Signature with
              it.
            </p>
            <button type="button" className="secondary" onClick={() => setHandover(null)}>
              I have copied it
            </button>
          </div>
        ) : (
          announcement && <p className="callout">{announcement}</p>
        )}
      </Announcer>

      {error && !data ? (
        <LoadError what="the webhook endpoints" error={error} retry={refetch} />
      ) : !data ? (
        <Loading what="the webhook endpoints" />
      ) : !endpoints?.length ? (
        <div className="empty-state">
          <h2>No webhook endpoint yet</h2>
          <p>Register one below: it gets the events it asks for from then on.</p>
        </div>
      ) : (
        <DataTable
          caption="Webhook endpoints"
          className="data webhooks"
          busy={loading}
          rows={endpoints}
          columns={ENDPOINT_COLUMNS}
          actions={(endpoint) =>
            (['log', 'edit', 'delete'] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                className="secondary"
                aria-expanded={open?.kind === kind && open.endpointId === endpoint.id}
                onClick={() => toggle(kind, endpoint.id)}
              >
                {kind === 'log' ? 'Deliveries' : kind === 'edit' ? 'Edit' : 'Delete…'}
                <span className="visually-hidden">
                  {kind === 'log' ? ' to ' : ' '}
                  {endpoint.name}
                </span>
              </button>
            ))
          }
          expanded={(endpoint) =>
            open?.endpointId !== endpoint.id ? null : open.kind === 'log' ? (
              <DeliveryLog endpointId={endpoint.id} endpointName={endpoint.name} onAnnounce={setAnnouncement} />
            ) : open.kind === 'edit' ? (
              <EndpointEditor endpoint={endpoint} onDone={done} onCancel={() => setOpen(null)} />
            ) : (
              <DeleteEndpoint endpoint={endpoint} onDone={done} onCancel={() => setOpen(null)} />
            )
          }
        />
      )}

      <NewEndpoint
        onCreated={(name, secret) => {
          setOpen(null);
          setAnnouncement(null);
          setHandover({ name, secret });
        }}
      />
    </section>
  );
}

function LastDelivery({ delivery }: { delivery: FragmentType<typeof LastDelivery_delivery> | null | undefined }) {
  const last = getFragmentData(LastDelivery_delivery, delivery);
  if (!last) return <span className="muted">None yet</span>;
  return (
    <>
      <span className={`delivery-state delivery-${last.status.toLowerCase()}`}>{deliveryState(last)}</span>
      <div className="muted">{formatDateTime(last.sentAt ?? last.createdAt)}</div>
      {last.lastError && <div className="muted">{last.lastError}</div>}
    </>
  );
}

/** Copies the secret; where the browser refuses (no clipboard access), says to select it instead. */
function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('refused');
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void copy()}>
        Copy the secret
      </button>{' '}
      {state === 'copied' && <span>Copied.</span>}
      {state === 'refused' && <span>The browser did not allow copying: select the secret and copy it.</span>}
    </>
  );
}

function NewEndpoint({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const [errors, setErrors] = useState<Partial<Record<EndpointField, string>>>({});
  // A new form (empty again) after each registration.
  const [formKey, setFormKey] = useState(0);
  const [create, { loading }] = useMutation(CreateWebhookEndpoint, { refetchQueries: ['WebhooksPage'] });
  const submit = async ({ name, url, events }: WebhookFormValues) => {
    setErrors({});
    try {
      const { data } = await create({ variables: { input: { name, url, events } } });
      if (!data) return;
      setFormKey(formKey + 1);
      onCreated(
        getFragmentData(WebhooksPage_endpoint, data.createWebhookEndpoint.endpoint).name,
        data.createWebhookEndpoint.secret,
      );
    } catch (error) {
      setErrors(endpointErrors(error, 'The endpoint was not registered.'));
    }
  };
  return (
    <section aria-labelledby="new-webhook-heading" className="panel">
      <h2 id="new-webhook-heading">New webhook endpoint</h2>
      <WebhookForm
        key={formKey}
        label="New webhook endpoint"
        initial={NEW_ENDPOINT}
        submitLabel="Register endpoint"
        errors={errors}
        busy={loading}
        onSubmit={(values) => void submit(values)}
      />
    </section>
  );
}

function EndpointEditor({
  endpoint,
  onDone,
  onCancel,
}: {
  endpoint: WebhooksPage_EndpointFragment;
  onDone: (announcement: string) => void;
  onCancel: () => void;
}) {
  const [errors, setErrors] = useState<Partial<Record<EndpointField, string>>>({});
  const [update, { loading }] = useMutation(UpdateWebhookEndpoint);
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => first.current?.querySelector('input')?.focus(), []);
  const submit = async ({ name, url, events, active }: WebhookFormValues) => {
    setErrors({});
    try {
      await update({ variables: { input: { endpointId: endpoint.id, name, url, events, active } } });
      onDone(`Saved ${name}.`);
    } catch (error) {
      setErrors(endpointErrors(error, 'The endpoint did not change.'));
    }
  };
  return (
    <div ref={first}>
      <WebhookForm
        label={`Edit ${endpoint.name}`}
        initial={{ name: endpoint.name, url: endpoint.url, events: [...endpoint.events], active: endpoint.active }}
        withActive
        submitLabel="Save endpoint"
        errors={errors}
        busy={loading}
        onSubmit={(values) => void submit(values)}
      >
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </WebhookForm>
    </div>
  );
}

function DeleteEndpoint({
  endpoint,
  onDone,
  onCancel,
}: {
  endpoint: WebhooksPage_EndpointFragment;
  onDone: (announcement: string) => void;
  onCancel: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [remove, { loading }] = useMutation(DeleteWebhookEndpoint, { refetchQueries: ['WebhooksPage'] });
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  const confirm = async () => {
    setProblem(null);
    try {
      await remove({ variables: { endpointId: endpoint.id } });
      onDone(`Deleted ${endpoint.name} and its delivery log.`);
    } catch (error) {
      setProblem(errorsOf(error)[0]?.message ?? 'The endpoint was not deleted.');
    }
  };
  return (
    <fieldset className="inline-group">
      <legend>Delete {endpoint.name}?</legend>
      <p>It gets no more events, and its delivery log is deleted with it. This cannot be undone.</p>
      <div className="actions">
        <button type="button" disabled={loading} onClick={() => void confirm()}>
          Delete endpoint
        </button>
        <button type="button" className="secondary" ref={keep} onClick={onCancel}>
          Keep it
        </button>
      </div>
      <Problem>{problem}</Problem>
    </fieldset>
  );
}
