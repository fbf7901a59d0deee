import { useMutation } from '@apollo/client/react';
import { ADMISSION_STATUS_LABELS, PUBLIC_ADMISSION_STATUSES } from '@certhub/domain/admission-status';
import { checkFields } from '@certhub/domain/catalog-edit';
import { scheduleChangeSchema } from '@certhub/domain/scheduled-change';
import { errorsOf } from '@certhub/web-ui/errors';
import { FormField, InputField } from '@certhub/web-ui/FormField';
import { type FormEvent, useId, useState } from 'react';
import { Problem } from '../../components/fields.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { formatMoment, localTimeZone, momentOfLocalInput } from './scheduled-changes.js';

const ScheduledChanges_program = graphql(`
  fragment ScheduledChanges_program on Program {
    id
    name
    admissionStatus
    scheduledChanges {
      id
      effectiveAt
      admissionStatus
      reason
      announce
      createdBy
      version
      edits {
        field
        value
      }
    }
  }
`);

const ScheduleProgramChange = graphql(`
  mutation ScheduleProgramChange($input: ScheduleProgramChangeInput!) {
    scheduleProgramChange(input: $input) {
      id
      program {
        ...ScheduledChanges_program
      }
    }
  }
`);

const CancelScheduledChange = graphql(`
  mutation CancelScheduledChange($input: CancelScheduledChangeInput!) {
    cancelScheduledChange(input: $input) {
      id
      program {
        ...ScheduledChanges_program
      }
    }
  }
`);

type Field = 'effectiveAt' | 'admissionStatus' | 'reason' | 'general';

/**
 * The program page's scheduled changes: what is planned, each cancellable, and a form to plan a
 * change of status for a moment ahead (in the browser's time zone, which the form states).
 */
export function ScheduledChanges({ program: programRef }: { program: FragmentType<typeof ScheduledChanges_program> }) {
  const program = getFragmentData(ScheduledChanges_program, programRef);
  const id = useId();
  const [cancel, cancelState] = useMutation(CancelScheduledChange);
  const [cancelProblem, setCancelProblem] = useState<string | null>(null);
  const onCancel = async (change: { id: string; version: number }) => {
    setCancelProblem(null);
    try {
      await cancel({ variables: { input: { scheduledChangeId: change.id, expectedVersion: change.version } } });
    } catch (error) {
      setCancelProblem(errorsOf(error)[0]?.message ?? 'The scheduled change was not cancelled.');
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Scheduled changes</h2>
      {program.scheduledChanges.length === 0 ? (
        <p className="muted">Nothing is scheduled for this program.</p>
      ) : (
        <ul className="scheduled-changes">
          {program.scheduledChanges.map((change) => (
            <li key={change.id}>
              <p>
                <strong>
                  <time dateTime={change.effectiveAt}>{formatMoment(change.effectiveAt)}</time>
                </strong>
                : {change.admissionStatus ? ADMISSION_STATUS_LABELS[change.admissionStatus] : 'status unchanged'}
                {change.edits.map((edit) => `, ${edit.field} → ${edit.value ?? 'cleared'}`).join('')}
                {change.announce ? ' (announced on the public site)' : ' (not announced)'}
              </p>
              <p className="muted">
                {change.reason} — scheduled by {change.createdBy}
              </p>
              <button
                type="button"
                className="secondary"
                disabled={cancelState.loading}
                onClick={() => void onCancel(change)}
                aria-label={`Cancel this change, scheduled for ${formatMoment(change.effectiveAt)}`}
              >
                Cancel this change
              </button>
            </li>
          ))}
        </ul>
      )}
      <Problem>{cancelProblem}</Problem>
      <ScheduleForm programId={program.id} current={program.admissionStatus} />
    </section>
  );
}

function ScheduleForm({ programId, current }: { programId: string; current: string }) {
  const [schedule, { loading }] = useMutation(ScheduleProgramChange);
  const [moment, setMoment] = useState('');
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const [announce, setAnnounce] = useState(false);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const zone = localTimeZone();
  const choices = PUBLIC_ADMISSION_STATUSES.filter((choice) => choice !== current);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const effectiveAt = momentOfLocalInput(moment);
    // The server's rules, checked here first: a moment ahead, a reason, a status other than Closed.
    const checked = checkFields(scheduleChangeSchema(new Date()), {
      effectiveAt: effectiveAt ?? new Date(Number.NaN),
      reason,
      announce,
      admissionStatus: status || null,
    });
    if (!checked.ok) {
      setProblems({ [checked.field as Field]: checked.message });
      return;
    }
    if (!status) {
      setProblems({ admissionStatus: 'Choose the status the program gets.' });
      return;
    }
    setProblems({});
    try {
      await schedule({
        variables: {
          input: {
            programId,
            effectiveAt: effectiveAt?.toISOString() ?? '',
            admissionStatus: checked.value.admissionStatus,
            reason,
            announce,
          },
        },
      });
      setDone(`Scheduled for ${formatMoment(effectiveAt?.toISOString() ?? '')}.`);
      setMoment('');
      setStatus('');
      setReason('');
      setAnnounce(false);
    } catch (error) {
      const byField: Partial<Record<Field, string>> = {};
      for (const problem of errorsOf(error)) {
        const field = problem.field?.replace(/^input\./, '') as Field | undefined;
        byField[field && ['effectiveAt', 'admissionStatus', 'reason'].includes(field) ? field : 'general'] = problem.message;
      }
      setProblems(byField);
    }
  };

  return (
    <form className="schedule-form" aria-label="Schedule a change" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h3>Schedule a change of status</h3>
      <InputField
        label={`Takes effect at (your time zone: ${zone})`}
        type="datetime-local"
        value={moment}
        onChange={setMoment}
        error={problems.effectiveAt}
        required
      />
      <FormField label="New status" error={problems.admissionStatus}>
        {(props) => (
          <select {...props} value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">Choose…</option>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {ADMISSION_STATUS_LABELS[choice]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label="Reason for the scheduled change (for the audit log)" error={problems.reason}>
        {(props) => (
          <textarea {...props} rows={2} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} />
        )}
      </FormField>
      <div className="field">
        <label className="choice">
          <input type="checkbox" checked={announce} onChange={(event) => setAnnounce(event.target.checked)} />
          <span>Announce it on the public program page until then</span>
        </label>
      </div>
      <Problem>{problems.general}</Problem>
      {done && (
        <p className="callout" role="status">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={loading}>
          {loading ? 'Scheduling…' : 'Schedule'}
        </button>
      </div>
    </form>
  );
}
