import { useLazyQuery, useMutation } from '@apollo/client/react';
import { ADMISSION_STATUS_LABELS, ADMISSION_STATUSES, type AdmissionStatus } from '@certhub/domain/admission-status';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { errorsOf } from '@certhub/web-ui/errors';
import { SelectField, TextField } from '@certhub/web-ui/fields';
import { type FormEvent, useId, useState } from 'react';
import { Problem } from '../../components/fields.js';
import { graphql } from '../../gql/index.js';
import { useScheduledChangesQuestion } from './useScheduledChangesQuestion.js';

const PreviewStatusChange = graphql(`
  query PreviewStatusChange($input: ProgramStatusChangeInput!) {
    previewProgramStatusChange(input: $input) {
      changes {
        program {
          id
          name
          version
        }
        from
        to
      }
      unchanged {
        id
        name
      }
    }
  }
`);

const ApplyStatusChange = graphql(`
  mutation ApplyStatusChange($input: SetProgramsAdmissionStatusInput!) {
    setProgramsAdmissionStatus(input: $input) {
      batchId
      changes {
        program {
          ...StatusChange_program
        }
      }
    }
  }
`);

export const UndoStatusBatch = graphql(`
  mutation UndoStatusBatch($input: UndoStatusBatchInput!) {
    undoStatusBatch(input: $input) {
      batchId
      changes {
        program {
          ...StatusChange_program
        }
      }
    }
  }
`);

type Stage =
  | { kind: 'choosing' }
  | {
      kind: 'previewed';
      status: AdmissionStatus;
      changes: Array<{ program: { id: string; name: string; version: number }; from: AdmissionStatus; to: AdmissionStatus }>;
      unchanged: Array<{ id: string; name: string }>;
    }
  | { kind: 'applied'; batchId: string; count: number; status: AdmissionStatus }
  | { kind: 'undone'; count: number };

const plural = (count: number) => (count === 1 ? '1 program' : `${count} programs`);

/**
 * A change of status of the selected programs: choose the status and a reason, see exactly what
 * will change, apply it as one batch, and undo the whole batch while nothing has changed since.
 */
export function BulkStatusPanel({
  selected,
  onClear,
}: {
  selected: ReadonlyArray<{ id: string; name: string }>;
  onClear: () => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<AdmissionStatus | ''>('');
  const [reason, setReason] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'choosing' });
  const [problem, setProblem] = useState<string | null>(null);
  // Status changes scheduled on programs of the batch: the editor says whether they stay.
  const scheduled = useScheduledChangesQuestion();
  const [preview, previewState] = useLazyQuery(PreviewStatusChange, { fetchPolicy: 'network-only' });
  const [apply, applyState] = useMutation(ApplyStatusChange);
  const [undo, undoState] = useMutation(UndoStatusBatch);
  const busy = previewState.loading || applyState.loading || undoState.loading;

  const onPreview = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!status) {
      setProblem('Choose the new status.');
      return;
    }
    try {
      const { data } = await preview({
        variables: { input: { programIds: selected.map((program) => program.id), status, reason: reason.trim() || null } },
      });
      if (data) setStage({ kind: 'previewed', status, ...data.previewProgramStatusChange });
    } catch (error) {
      setProblem(errorsOf(error)[0]?.message ?? 'The preview did not load.');
    }
  };

  const onApply = async (scheduledChanges: ScheduledChangesChoice | null = null) => {
    if (stage.kind !== 'previewed') return;
    setProblem(null);
    const programs = stage.changes.map((change) => change.program);
    try {
      const { data } = await apply({
        variables: {
          input: {
            programIds: programs.map((program) => program.id),
            expectedVersions: programs.map((program) => program.version),
            status: stage.status,
            reason: reason.trim() || null,
            ...(scheduledChanges ? { scheduledChanges } : {}),
          },
        },
      });
      const batch = data?.setProgramsAdmissionStatus;
      if (batch?.batchId)
        setStage({ kind: 'applied', batchId: batch.batchId, count: batch.changes.length, status: stage.status });
    } catch (error) {
      if (!scheduled.ask(error, (choice) => void onApply(choice)))
        setProblem(errorsOf(error)[0]?.message ?? 'The change did not go through; nothing changed.');
    }
  };

  const onUndo = async (scheduledChanges: ScheduledChangesChoice | null = null) => {
    if (stage.kind !== 'applied') return;
    setProblem(null);
    try {
      const { data } = await undo({
        variables: { input: { batchId: stage.batchId, ...(scheduledChanges ? { scheduledChanges } : {}) } },
      });
      setStage({ kind: 'undone', count: data?.undoStatusBatch.changes.length ?? 0 });
    } catch (error) {
      if (!scheduled.ask(error, (choice) => void onUndo(choice)))
        setProblem(errorsOf(error)[0]?.message ?? 'The change was not undone.');
    }
  };

  return (
    <section className="bulk-bar" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Change the status of {plural(selected.length)}</h2>
      <div role="status" aria-live="polite">
        {stage.kind === 'applied' && (
          <p className="callout">
            Changed {plural(stage.count)} to {ADMISSION_STATUS_LABELS[stage.status]}, as one batch.
          </p>
        )}
        {stage.kind === 'undone' && <p className="callout">Undone: {plural(stage.count)} are back as they were.</p>}
      </div>
      {stage.kind === 'applied' ? (
        <div className="actions">
          <button type="button" onClick={() => void onUndo()} disabled={busy}>
            Undo this change
          </button>
          <button type="button" className="secondary" onClick={onClear}>
            Done
          </button>
        </div>
      ) : stage.kind === 'previewed' ? (
        <div>
          {stage.changes.length ? (
            <table className="data">
              <caption>
                What will change: {plural(stage.changes.length)} to {ADMISSION_STATUS_LABELS[stage.status]}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Program</th>
                  <th scope="col">Now</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {stage.changes.map((change) => (
                  <tr key={change.program.id}>
                    <th scope="row">{change.program.name}</th>
                    <td>{ADMISSION_STATUS_LABELS[change.from]}</td>
                    <td>{ADMISSION_STATUS_LABELS[change.to]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Nothing will change: every selected program has this status already.</p>
          )}
          {stage.unchanged.length > 0 && (
            <p className="muted">
              Unchanged, already {ADMISSION_STATUS_LABELS[stage.status]}:{' '}
              {stage.unchanged.map((program) => program.name).join(', ')}.
            </p>
          )}
          <div className="actions">
            {stage.changes.length > 0 && (
              <button type="button" onClick={() => void onApply()} disabled={busy}>
                Apply to {plural(stage.changes.length)}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setStage({ kind: 'choosing' })} disabled={busy}>
              Back
            </button>
          </div>
        </div>
      ) : (
        <form className="actions" onSubmit={(event) => void onPreview(event)} aria-label="Bulk status change">
          <SelectField
            label="New status"
            value={status}
            empty="Choose…"
            options={ADMISSION_STATUSES.map((value) => ({ value, label: ADMISSION_STATUS_LABELS[value] }))}
            onChange={setStatus}
          />
          <TextField label="Reason (for the audit log)" maxLength={1000} value={reason} onChange={setReason} />
          <button type="submit" disabled={busy}>
            Preview the change
          </button>
          <button type="button" className="secondary" onClick={onClear}>
            Clear the selection
          </button>
        </form>
      )}
      <Problem>{problem}</Problem>
      {scheduled.dialog}
    </section>
  );
}
