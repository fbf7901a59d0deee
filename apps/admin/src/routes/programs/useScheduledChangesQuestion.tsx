import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { type ReactNode, useState } from 'react';
import { ScheduledChangesDialog } from './ScheduledChangesDialog.js';
import { type PendingScheduledChange, pendingScheduledChangesOf } from './scheduled-changes.js';

interface Question {
  pending: PendingScheduledChange[];
  sendAgain: (choice: ScheduledChangesChoice) => void;
}

/**
 * For a status change the API refused because changes of the same field are scheduled (CONFLICT,
 * reason SCHEDULED_CHANGE_PENDING): `ask` shows the keep-or-cancel dialog and sends the change
 * again with the answer. It returns false for any other error, which the caller reports itself.
 */
export function useScheduledChangesQuestion(): {
  ask: (error: unknown, sendAgain: (choice: ScheduledChangesChoice) => void) => boolean;
  dialog: ReactNode;
} {
  const [question, setQuestion] = useState<Question | null>(null);
  const ask = (error: unknown, sendAgain: (choice: ScheduledChangesChoice) => void) => {
    const pending = pendingScheduledChangesOf(error);
    if (pending) setQuestion({ pending, sendAgain });
    return pending !== null;
  };
  const dialog = question && (
    <ScheduledChangesDialog
      pending={question.pending}
      onChoose={(choice) => {
        setQuestion(null);
        question.sendAgain(choice);
      }}
      onDismiss={() => setQuestion(null)}
    />
  );
  return { ask, dialog };
}
