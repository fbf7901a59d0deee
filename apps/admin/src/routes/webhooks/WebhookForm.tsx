import { FormField } from '@certhub/web-ui/FormField';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Problem } from '../../components/fields.js';
import type { WebhookEvent } from '../../gql/graphql.js';
import {
  type EndpointField,
  type EndpointValues,
  endpointProblems,
  WEBHOOK_EVENT_HINTS,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENTS,
} from './webhook-words.js';

export interface WebhookFormValues extends EndpointValues {
  active: boolean;
}

/**
 * An endpoint's name, address and events (and, for an existing one, whether it gets deliveries).
 * Presentational: the page sends the mutation and hands back the server's errors by field.
 */
export function WebhookForm({
  initial,
  label,
  submitLabel,
  withActive,
  errors,
  busy,
  onSubmit,
  children,
}: {
  initial: WebhookFormValues;
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  /** Show the "gets new deliveries" switch (editing). */
  withActive?: boolean;
  errors: Partial<Record<EndpointField, string>>;
  busy: boolean;
  onSubmit: (values: WebhookFormValues) => void;
  /** More actions beside the submit button (cancel). */
  children?: ReactNode;
}) {
  const id = useId();
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<Partial<Record<EndpointField, string>>>({});
  const shown = { ...errors, ...problems };
  const toggle = (event: WebhookEvent, on: boolean) =>
    setValues({ ...values, events: on ? [...values.events, event] : values.events.filter((chosen) => chosen !== event) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = endpointProblems(values);
    setProblems(found);
    if (Object.keys(found).length === 0) onSubmit({ ...values, name: values.name.trim(), url: values.url.trim() });
  };

  return (
    <form className="form wide" aria-label={label} onSubmit={submit} noValidate>
      <FormField label="Name" hint="Who it is for, e.g. Partner directory." error={shown.name}>
        {(props) => (
          <input
            {...props}
            autoComplete="off"
            maxLength={200}
            value={values.name}
            onChange={(event) => setValues({ ...values, name: event.target.value })}
          />
        )}
      </FormField>
      <FormField label="URL" hint="Where the signed JSON events are sent (POST)." error={shown.url}>
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={values.url}
            onChange={(event) => setValues({ ...values, url: event.target.value })}
          />
        )}
      </FormField>
      <fieldset className="group" aria-describedby={shown.events ? `${id}-events-error` : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="choice">
            <input
              type="checkbox"
              checked={values.events.includes(event)}
              onChange={(change) => toggle(event, change.target.checked)}
            />
            <span>
              {WEBHOOK_EVENT_LABELS[event]} <span className="muted hint">{WEBHOOK_EVENT_HINTS[event]}</span>
            </span>
          </label>
        ))}
        {shown.events && (
          <p id={`${id}-events-error`} className="field-error">
            {shown.events}
          </p>
        )}
      </fieldset>
      {withActive && (
        <label className="choice">
          <input
            type="checkbox"
            checked={values.active}
            onChange={(event) => setValues({ ...values, active: event.target.checked })}
          />
          <span>
            Enabled <span className="muted hint">A disabled endpoint gets no new deliveries.</span>
          </span>
        </label>
      )}
      <Problem>{shown.general}</Problem>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
