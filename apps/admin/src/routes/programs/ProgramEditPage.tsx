import { useMutation, useQuery } from '@apollo/client/react';
import {
  ADMISSION_STATUS_LABELS,
  ADMISSION_STATUS_SHORT_LABELS,
  AdmissionStatus,
  isAdmissionStatus,
  PUBLIC_ADMISSION_STATUSES,
} from '@certhub/domain/admission-status';
import {
  LAB_AVAILABILITIES,
  LAB_AVAILABILITY_LABELS,
  SPEC_AVAILABILITIES,
  SPEC_AVAILABILITY_LABELS,
} from '@certhub/domain/availability';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { errorsOf } from '@certhub/web-ui/errors';
import { FormField } from '@certhub/web-ui/FormField';
import { SelectField, TextField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { StatusBadge } from '@certhub/web-ui/StatusBadge';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { Problem } from '../../components/fields.js';
import { OrderedPicker } from '../../components/OrderedPicker.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { conflictOf, differences, type ProgramState, stateOf } from './program-conflict.js';
import {
  checkProgramForm,
  EMPTY_PROGRAM,
  formFieldOf,
  type ProgramFormField,
  type ProgramFormValues,
  valuesOf,
} from './program-form.js';
import { ScheduledChanges } from './ScheduledChanges.js';
import { ScheduledChangesDialog } from './ScheduledChangesDialog.js';
import { type PendingScheduledChange, pendingScheduledChangesOf } from './scheduled-changes.js';
import { useStatusChange } from './status-change.js';

/** A program as its edit form, its conflict screen and its close-or-reopen panel read it. */
const ProgramEditPage_program = graphql(`
  fragment ProgramEditPage_program on Program {
    id
    slug
    name
    admissionStatus
    version
    position
    specAvailability
    labAvailability
    partnerCapacity
    internalNotes
    admissionContact
    category {
      id
    }
    specs {
      id
    }
    labs {
      id
    }
  }
`);

const ProgramEditPageQuery = graphql(`
  query ProgramEditPage($slug: String!, $creating: Boolean!) {
    program(slug: $slug) @skip(if: $creating) {
      ...ProgramEditPage_program
      ...ScheduledChanges_program
    }
    categories {
      id
      name
    }
    labs {
      id
      name
    }
    specs {
      id
      title
      url
    }
  }
`);

const CreateProgram = graphql(
  `mutation CreateProgram($input: CreateProgramInput!) { createProgram(input: $input) { ...ProgramEditPage_program } }`,
);

// Its scheduled changes too: an edit that cancels them (scheduledChanges: CANCEL) updates that panel.
const UpdateProgram = graphql(
  `mutation UpdateProgram($input: UpdateProgramInput!) { updateProgram(input: $input) { ...ProgramEditPage_program ...ScheduledChanges_program } }`,
);

/** The program as the form reads it. */
function editedProgram(program: FragmentType<typeof ProgramEditPage_program>) {
  return getFragmentData(ProgramEditPage_program, program);
}
type EditedProgram = ReturnType<typeof editedProgram>;

type Errors = Partial<Record<ProgramFormField | 'general', string>>;

/** Every field of a program, for a new one or an existing one; closing and reopening too. */
export function ProgramEditPage() {
  const { slug } = useParams();
  const creating = !slug;
  const { data, loading, error, refetch } = useQuery(ProgramEditPageQuery, { variables: { slug: slug ?? '', creating } });
  const program = data?.program ? editedProgram(data.program) : null;
  usePageTitle(creating ? 'New program' : (program?.name ?? 'Program'));

  if (error && !data) return <LoadError what="the program" error={error} retry={refetch} />;
  if (!data) return <Loading what="the program" />;
  if (!creating && !program) {
    return (
      <section aria-labelledby="missing-heading">
        <h1 id="missing-heading">No such program</h1>
        <p>
          No program has the address "{slug}". <Link to="/">Go to the programs</Link>.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="program-heading" aria-busy={loading}>
      <p>
        <Link to="/">← Programs</Link>
      </p>
      <div className="page-heading">
        <h1 id="program-heading">{creating ? 'New program' : program?.name}</h1>
        {program && (
          <StatusBadge
            status={program.admissionStatus}
            label={ADMISSION_STATUS_SHORT_LABELS[program.admissionStatus]}
            title={ADMISSION_STATUS_LABELS[program.admissionStatus]}
          />
        )}
      </div>
      {program && (
        <p className="actions">
          <a href={`/programs/${program.slug}`}>See it on the public site</a>
          <Link to={`/audit?entityType=Program&entityId=${encodeURIComponent(program.id)}`}>Its history in the audit log</Link>
        </p>
      )}
      <ProgramForm key={program?.id ?? 'new'} program={program} data={data} />
      {program && <CloseOrReopen program={program} />}
      {data.program && <ScheduledChanges program={data.program} />}
    </section>
  );
}

function ProgramForm({
  program,
  data,
}: {
  program: EditedProgram | null;
  data: {
    categories: Array<{ id: string; name: string }>;
    labs: Array<{ id: string; name: string }>;
    specs: Array<{ id: string; title: string; url?: string | null }>;
  };
}) {
  const creating = !program;
  const navigate = useNavigate();
  const [values, setValues] = useState<ProgramFormValues>(program ? valuesOf(program) : EMPTY_PROGRAM);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ seen: ProgramState; current: ProgramState } | null>(null);
  // Changes scheduled on a field the edit changes: the editor says whether they stay, then it is sent again.
  const [pending, setPending] = useState<{ changes: PendingScheduledChange[]; expectedVersion?: number } | null>(null);
  const [createProgram, createState] = useMutation(CreateProgram);
  const [updateProgram, updateState] = useMutation(UpdateProgram);
  const busy = createState.loading || updateState.loading;
  const categoryNames = new Map(data.categories.map((category) => [category.id, category.name]));
  const set = <K extends ProgramFormField>(field: K, value: ProgramFormValues[K]) => {
    setValues({ ...values, [field]: value });
    setSaved(null);
  };

  const save = async (expectedVersion?: number, scheduledChanges: ScheduledChangesChoice | null = null) => {
    const checked = checkProgramForm(values, { creating });
    if (!checked.ok) {
      setErrors({ [checked.field]: checked.message });
      document.querySelector<HTMLElement>(`form [name="${checked.field}"]`)?.focus();
      return;
    }
    setErrors({});
    setConflict(null);
    setPending(null);
    const { position, categoryId, ...fields } = checked.fields;
    try {
      if (!program) {
        const { data: created } = await createProgram({
          variables: { input: { ...fields, categoryId, admissionStatus: values.admissionStatus } },
          refetchQueries: ['ProgramsPage'],
        });
        if (created) navigate(`/programs/${editedProgram(created.createProgram).slug}`, { replace: true });
        return;
      }
      const moving = categoryId !== program.category.id;
      const { data: updated } = await updateProgram({
        variables: {
          input: {
            ...fields,
            programId: program.id,
            expectedVersion: expectedVersion ?? program.version,
            categoryId,
            position: moving || position !== program.position ? position : null,
            ...(scheduledChanges ? { scheduledChanges } : {}),
          },
        },
        refetchQueries: ['ProgramsPage'],
      });
      if (updated) {
        const fresh = editedProgram(updated.updateProgram);
        setValues(valuesOf(fresh));
        setSaved(`Saved: ${fresh.name} is at version ${fresh.version}.`);
        if (fresh.slug !== program.slug) navigate(`/programs/${fresh.slug}`, { replace: true });
      }
    } catch (failure) {
      const current = conflictOf(failure);
      if (current && program) {
        setConflict({ seen: stateOf(program), current });
        return;
      }
      const scheduled = pendingScheduledChangesOf(failure);
      if (scheduled) {
        setPending({ changes: scheduled, expectedVersion });
        return;
      }
      const [first] = errorsOf(failure);
      const field = formFieldOf(first?.field ?? null);
      setErrors({ [field ?? 'general']: first?.message ?? 'The program was not saved.' });
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  const text = (field: 'name' | 'slug' | 'partnerCapacity' | 'position' | 'admissionContact', label: string, hint?: string) => (
    <FormField label={label} hint={hint} error={errors[field]}>
      {(props) => (
        <input
          {...props}
          name={field}
          type={field === 'admissionContact' ? 'email' : undefined}
          inputMode={field === 'partnerCapacity' || field === 'position' ? 'numeric' : undefined}
          value={values[field]}
          onChange={(event) => set(field, event.target.value)}
        />
      )}
    </FormField>
  );

  return (
    <form className="form wide" onSubmit={onSubmit} noValidate aria-label={creating ? 'New program' : 'Edit the program'}>
      {text('name', 'Name')}
      {text(
        'slug',
        'Address (slug)',
        creating ? 'Made from the name when left empty.' : 'Changing it breaks links to the old address.',
      )}
      <FormField label="Category" error={errors.categoryId}>
        {(props) => (
          <select
            {...props}
            name="categoryId"
            value={values.categoryId}
            onChange={(event) => set('categoryId', event.target.value)}
          >
            <option value="">Choose…</option>
            {data.categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {creating ? (
        <FormField label="Status" error={errors.admissionStatus}>
          {(props) => (
            <select
              {...props}
              value={values.admissionStatus}
              onChange={(event) => isAdmissionStatus(event.target.value) && set('admissionStatus', event.target.value)}
            >
              {PUBLIC_ADMISSION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {ADMISSION_STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : (
        text('position', 'Place in its category', 'From 1. The other programs of the category make room.')
      )}
      <LinkedRowsField
        label="Spec documents"
        noun="spec"
        options={data.specs.map((spec) => ({
          id: spec.id,
          label: spec.url ? `${spec.title} (${new URL(spec.url).hostname})` : spec.title,
        }))}
        ids={values.specIds}
        idsError={errors.specIds}
        onIds={(specIds) => setValues({ ...values, specIds, specAvailability: specIds.length ? '' : values.specAvailability })}
        availabilityLabel="When no spec is listed"
        availabilityName="specAvailability"
        availability={values.specAvailability}
        availabilities={SPEC_AVAILABILITIES}
        availabilityLabels={SPEC_AVAILABILITY_LABELS}
        availabilityError={errors.specAvailability}
        onAvailability={(value) => set('specAvailability', value)}
      />
      <LinkedRowsField
        label="Certification labs"
        noun="lab"
        options={data.labs.map((lab) => ({ id: lab.id, label: lab.name }))}
        ids={values.labIds}
        idsError={errors.labIds}
        onIds={(labIds) => setValues({ ...values, labIds, labAvailability: labIds.length ? '' : values.labAvailability })}
        availabilityLabel="When no lab is listed"
        availabilityName="labAvailability"
        availability={values.labAvailability}
        availabilities={LAB_AVAILABILITIES}
        availabilityLabels={LAB_AVAILABILITY_LABELS}
        availabilityError={errors.labAvailability}
        onAvailability={(value) => set('labAvailability', value)}
      />
      {text(
        'admissionContact',
        'Admission contact',
        'The email address vendors write to about joining; empty for none. Shown on the public site.',
      )}
      {text('partnerCapacity', 'Partner capacity', 'How many partners it can take; empty for no limit. Staff only.')}
      <FormField label="Internal notes" hint="Staff only: never on the public site." error={errors.internalNotes}>
        {(props) => (
          <textarea
            {...props}
            name="internalNotes"
            rows={4}
            value={values.internalNotes}
            onChange={(event) => set('internalNotes', event.target.value)}
          />
        )}
      </FormField>
      <Problem>{errors.general}</Problem>
      {conflict && (
        <div className="conflict" role="alert">
          <h2>Someone else changed {conflict.current.name} meanwhile</h2>
          <p>Nothing was saved. What they changed:</p>
          <ul>
            {differences(conflict.seen, conflict.current, categoryNames).map((difference) => (
              <li key={difference.field}>
                {difference.label}: {difference.before} → {difference.after}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" onClick={() => void save(conflict.current.version)}>
              Save mine over theirs
            </button>
            <button type="button" className="secondary" onClick={() => window.location.reload()}>
              Load theirs (drops my edits)
            </button>
          </div>
        </div>
      )}
      <Announcer>{saved && <p className="callout">{saved}</p>}</Announcer>
      {pending && (
        <ScheduledChangesDialog
          pending={pending.changes}
          onChoose={(choice) => void save(pending.expectedVersion, choice)}
          onDismiss={() => setPending(null)}
        />
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {creating ? 'Create program' : 'Save changes'}
        </button>
        <Link to="/">Cancel</Link>
      </div>
    </form>
  );
}

/** Takes a program out of the catalogue, or puts it back, with a reason for the audit log. */
function CloseOrReopen({ program }: { program: EditedProgram }) {
  const id = useId();
  const closed = program.admissionStatus === AdmissionStatus.CLOSED;
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<AdmissionStatus>(AdmissionStatus.NOT_SEEKING_PARTNERS);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingScheduledChange[] | null>(null);
  const changeStatus = useStatusChange();

  const send = async (scheduledChanges: ScheduledChangesChoice | null = null) => {
    setBusy(true);
    const to = closed ? status : AdmissionStatus.CLOSED;
    const outcome = await changeStatus({
      programId: program.id,
      from: program.admissionStatus,
      to,
      expectedVersion: program.version,
      reason: reason.trim() || null,
      scheduledChanges,
    });
    setBusy(false);
    // A scheduled status change is pending: the editor says whether it stays.
    if (outcome.kind === 'scheduled') {
      setPending(outcome.pending);
      return;
    }
    if (outcome.kind === 'changed') setReason('');
    setMessage(
      outcome.kind === 'changed'
        ? {
            text: closed ? `Reopened: ${ADMISSION_STATUS_LABELS[to]}.` : 'Closed: it is no longer on the public site.',
            error: false,
          }
        : {
            text:
              outcome.kind === 'conflict'
                ? 'Someone else changed this program meanwhile: reload the page to see it, then try again.'
                : outcome.message,
            error: true,
          },
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{closed ? 'Reopen the program' : 'Close the program'}</h2>
      <p className="muted">
        {closed
          ? 'It goes back in the catalogue where it was, with the status you choose.'
          : 'It leaves the public catalogue and takes no applications; it stays here with its history.'}
      </p>
      <form className="actions" onSubmit={onSubmit}>
        {closed && (
          <SelectField
            label="Status when reopened"
            value={status}
            options={PUBLIC_ADMISSION_STATUSES.map((value) => ({ value, label: ADMISSION_STATUS_LABELS[value] }))}
            onChange={(value) => value && setStatus(value)}
          />
        )}
        <TextField label="Reason (for the audit log)" maxLength={1000} value={reason} onChange={setReason} />
        <button type="submit" className={closed ? undefined : 'secondary'} disabled={busy}>
          {closed ? 'Reopen program' : 'Close program'}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {message && <p className={message.error ? 'callout callout-error' : 'callout'}>{message.text}</p>}
      </div>
      {pending && (
        <ScheduledChangesDialog
          pending={pending}
          onChoose={(choice) => {
            setPending(null);
            void send(choice);
          }}
          onDismiss={() => setPending(null)}
        />
      )}
    </section>
  );
}

/** Linked rows (specs or labs) in their order, and what the public site says while there are none. */
function LinkedRowsField<A extends string>({
  label,
  noun,
  options,
  ids,
  idsError,
  onIds,
  availabilityLabel,
  availabilityName,
  availability,
  availabilities,
  availabilityLabels,
  availabilityError,
  onAvailability,
}: {
  label: string;
  noun: string;
  options: ReadonlyArray<{ id: string; label: string }>;
  ids: string[];
  idsError: string | undefined;
  onIds: (ids: string[]) => void;
  availabilityLabel: string;
  availabilityName: string;
  availability: A | '';
  availabilities: readonly A[];
  availabilityLabels: Readonly<Record<A, string>>;
  availabilityError: string | undefined;
  onAvailability: (value: A | '') => void;
}) {
  return (
    <>
      <OrderedPicker label={label} noun={noun} options={options} value={ids} onChange={onIds} error={idsError} />
      <FormField label={availabilityLabel} error={availabilityError}>
        {(props) => (
          <select
            {...props}
            name={availabilityName}
            value={availability}
            disabled={ids.length > 0}
            onChange={(event) => onAvailability(event.target.value as A | '')}
          >
            <option value="">Not said</option>
            {availabilities.map((value) => (
              <option key={value} value={value}>
                {availabilityLabels[value]}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </>
  );
}
