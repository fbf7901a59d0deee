import { useApolloClient } from '@apollo/client/react';
import { ADMISSION_STATUS_LABELS, ADMISSION_STATUSES, AdmissionStatus } from '@certhub/domain/admission-status';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { StatusEditor_ProgramFragment } from '../../gql/graphql.js';
import { graphql } from '../../gql/index.js';
import { differences, type ProgramState, stateOf } from './program-conflict.js';
import { ScheduledChangesDialog } from './ScheduledChangesDialog.js';
import type { PendingScheduledChange } from './scheduled-changes.js';
import { type StatusChangeOutcome, useStatusChange } from './status-change.js';

/**
 * A program as its row in the list and its status editor show it: every field the editor compares
 * when someone else changed the program meanwhile (program-conflict.ts).
 */
export const StatusEditor_program = graphql(`
  fragment StatusEditor_program on Program {
    id
    slug
    name
    admissionStatus
    version
    statusChangedAt
    position
    specAvailability
    labAvailability
    partnerCapacity
    internalNotes
    category {
      id
      name
      slug
    }
  }
`);

/** What each choice does beyond the words of the status. */
const CHOICE_HINTS: Partial<Record<AdmissionStatus, string>> = {
  SEEKING_PARTNERS: 'Vendors can apply through the public site.',
  CLOSED: 'Leaves the public catalogue; kept here with its history.',
};

type EditorState =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string; status: AdmissionStatus }
  | { kind: 'conflict'; seen: ProgramState; current: ProgramState }
  | { kind: 'scheduled'; pending: PendingScheduledChange[]; from: ProgramState };

/**
 * Changes one program's status in place: choose, optionally say why, confirm. The row changes at
 * once; a refusal puts it back and says why; a CONFLICT shows what the other person changed and
 * lets the user apply their change again or keep the other one.
 */
export function StatusEditor({
  program,
  categoryNames,
  onClose,
}: {
  program: StatusEditor_ProgramFragment;
  categoryNames: ReadonlyMap<string, string>;
  /** Closed with a message to announce when the status changed (or the other change was kept). */
  onClose: (announcement?: string) => void;
}) {
  const id = useId();
  const client = useApolloClient();
  const changeStatus = useStatusChange();
  // The program as the user saw it when they opened the editor. A change arriving live meanwhile
  // shows in the row, not here: confirming then meets the conflict screen instead of overwriting it.
  const [seen] = useState(() => stateOf(program));
  const changedMeanwhile = program.version !== seen.version ? program.admissionStatus : null;
  const choices = ADMISSION_STATUSES.filter((status) => status !== seen.admissionStatus);
  const [status, setStatus] = useState<AdmissionStatus | null>(null);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<EditorState>({ kind: 'editing' });
  const [missingChoice, setMissingChoice] = useState(false);
  const firstChoice = useRef<HTMLInputElement>(null);
  const conflictHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => firstChoice.current?.focus(), []);
  useEffect(() => {
    if (state.kind === 'conflict') conflictHeading.current?.focus();
  }, [state.kind]);

  const apply = async (to: AdmissionStatus, from: ProgramState, scheduledChanges: ScheduledChangesChoice | null = null) => {
    setState({ kind: 'saving' });
    const outcome: StatusChangeOutcome = await changeStatus({
      programId: program.id,
      from: from.admissionStatus,
      to,
      expectedVersion: from.version,
      reason: reason.trim() || null,
      scheduledChanges,
    });
    if (outcome.kind === 'changed') {
      onClose(`${program.name}: ${ADMISSION_STATUS_LABELS[from.admissionStatus]} → ${ADMISSION_STATUS_LABELS[to]}.`);
    } else if (outcome.kind === 'conflict') {
      setState({ kind: 'conflict', seen: from, current: outcome.current });
    } else if (outcome.kind === 'scheduled') {
      setState({ kind: 'scheduled', pending: outcome.pending, from });
    } else {
      setState({ kind: 'failed', message: outcome.message, status: from.admissionStatus });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!status) {
      setMissingChoice(true);
      firstChoice.current?.focus();
      return;
    }
    void apply(status, seen);
  };

  const keepTheirs = (current: ProgramState) => {
    const { categoryId, ...fields } = current;
    client.cache.writeFragment({
      id: client.cache.identify({ __typename: 'Program', id: program.id }),
      fragment: StatusEditor_program,
      fragmentName: 'StatusEditor_program',
      data: {
        ...program,
        ...fields,
        category: { ...program.category, id: categoryId, name: categoryNames.get(categoryId) ?? '' },
      },
    });
    void client.refetchQueries({ include: 'active' });
    onClose(`Kept the other change: ${current.name} is ${ADMISSION_STATUS_LABELS[current.admissionStatus]}.`);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && state.kind !== 'saving') {
      event.stopPropagation();
      onClose();
    }
  };

  if (state.kind === 'conflict') {
    const { seen, current } = state;
    const changed = differences(seen, current, categoryNames);
    const alreadyThere = status === current.admissionStatus;
    return (
      <div className="conflict" role="alert" aria-labelledby={`${id}-conflict`} onKeyDown={onKeyDown}>
        <h3 id={`${id}-conflict`} tabIndex={-1} ref={conflictHeading}>
          Someone else changed {current.name} meanwhile
        </h3>
        <p>
          Your change was not saved: the program is at version {current.version}, you looked at version {seen.version}.
        </p>
        {changed.length ? (
          <table className="differences">
            <caption>What they changed</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">When you looked</th>
                <th scope="col">Now</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((difference) => (
                <tr key={difference.field}>
                  <th scope="row">{difference.label}</th>
                  <td>{difference.before}</td>
                  <td>{difference.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>They changed its specs or labs.</p>
        )}
        <p>
          Your change: status to <strong>{status && ADMISSION_STATUS_LABELS[status]}</strong>
          {reason.trim() && <> (reason: {reason.trim()})</>}.{' '}
          {alreadyThere && 'It has that status already, so there is nothing to apply again.'}
        </p>
        <div className="actions">
          <button type="button" disabled={alreadyThere} onClick={() => status && void apply(status, current)}>
            Apply my change again
          </button>
          <button type="button" className="secondary" onClick={() => keepTheirs(current)}>
            Keep theirs
          </button>
        </div>
      </div>
    );
  }

  const saving = state.kind === 'saving';
  return (
    <form className="status-editor" aria-label={`Change the status of ${program.name}`} onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <fieldset aria-describedby={missingChoice ? `${id}-missing` : undefined}>
        <legend>New status of {program.name}</legend>
        {choices.map((choice, index) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name={`${id}-status`}
              value={choice}
              checked={status === choice}
              onChange={() => {
                setStatus(choice);
                setMissingChoice(false);
              }}
              ref={index === 0 ? firstChoice : undefined}
              disabled={saving}
            />
            <span>
              {ADMISSION_STATUS_LABELS[choice]}
              {CHOICE_HINTS[choice] && <span className="muted hint"> {CHOICE_HINTS[choice]}</span>}
            </span>
          </label>
        ))}
        {missingChoice && (
          <p id={`${id}-missing`} className="field-error">
            Choose the new status.
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason (optional, for the audit log)</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          disabled={saving}
        />
      </div>
      {changedMeanwhile && state.kind !== 'saving' && (
        <p className="callout" role="status">
          Meanwhile someone else changed {program.name}: it is now {ADMISSION_STATUS_LABELS[changedMeanwhile]}. If you confirm,
          you will see what they changed and choose.
        </p>
      )}
      {state.kind === 'failed' && (
        <p className="callout callout-error" role="alert">
          The status was not changed: {state.message} {program.name} is still {ADMISSION_STATUS_LABELS[state.status]}.
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Changing…' : 'Confirm change'}
        </button>
        <button type="button" className="secondary" onClick={() => onClose()} disabled={saving}>
          Cancel
        </button>
      </div>
      {status === AdmissionStatus.CLOSED && <p className="muted hint">Closing takes it off the public site at once.</p>}
      {state.kind === 'scheduled' && (
        <ScheduledChangesDialog
          pending={state.pending}
          onChoose={(choice) => status && void apply(status, state.from, choice)}
          onDismiss={() => setState({ kind: 'editing' })}
        />
      )}
    </form>
  );
}
