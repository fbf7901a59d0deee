import { ADMISSION_STATUS_LABELS } from '@certhub/domain/admission-status';
import { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { useEffect, useId, useRef } from 'react';
import { formatMoment, type PendingScheduledChange } from './scheduled-changes.js';

/**
 * Asks an editor whose change meets scheduled changes of the same field whether those should stay
 * (and still take effect at their moment) or be cancelled with this change. A modal <dialog>:
 * focus moves into it, Escape goes back without choosing.
 */
export function ScheduledChangesDialog({
  pending,
  onChoose,
  onDismiss,
}: {
  pending: readonly PendingScheduledChange[];
  onChoose: (choice: ScheduledChangesChoice) => void;
  onDismiss: () => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="scheduled-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss();
      }}
      // Escape answers the dialog only, not the editor around it.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      <h2 id={`${id}-title`}>A change of this field is scheduled</h2>
      <p id={`${id}-text`}>Your change was not saved yet. What should happen to what is scheduled?</p>
      <ul>
        {pending.map((change) => (
          <li key={change.id}>
            {change.programName && <strong>{change.programName}, </strong>}
            <time dateTime={change.effectiveAt}>{formatMoment(change.effectiveAt)}</time>:{' '}
            {change.admissionStatus ? ADMISSION_STATUS_LABELS[change.admissionStatus] : change.fields.join(', ')}
            {change.reason && <span className="muted"> ({change.reason})</span>}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => onChoose(ScheduledChangesChoice.KEEP)}>
          Keep the scheduled change
        </button>
        <button type="button" className="secondary" onClick={() => onChoose(ScheduledChangesChoice.CANCEL)}>
          Cancel the scheduled change
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Go back
        </button>
      </div>
    </dialog>
  );
}
