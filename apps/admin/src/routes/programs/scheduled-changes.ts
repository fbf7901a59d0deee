import type { AdmissionStatus } from '@certhub/domain/admission-status';
import { ErrorCode, ErrorReason } from '@certhub/domain/error-codes';
import { problemWithCode } from '@certhub/web-ui/errors';

/** A pending scheduled change as a refused edit lists it (`extensions.scheduledChanges`). */
export interface PendingScheduledChange {
  id: string;
  effectiveAt: string;
  admissionStatus: AdmissionStatus | null;
  fields: string[];
  reason: string;
  /** The program it is scheduled on: a batch of several programs names it. */
  programName?: string | null;
}

/**
 * The scheduled changes that made the API refuse an edit (CONFLICT, reason SCHEDULED_CHANGE_PENDING):
 * the editor is asked whether to keep or cancel them. Null for any other error.
 */
export function pendingScheduledChangesOf(error: unknown): PendingScheduledChange[] | null {
  const problem = problemWithCode(error, ErrorCode.CONFLICT);
  if (problem?.extensions.reason !== ErrorReason.SCHEDULED_CHANGE_PENDING) return null;
  const listed = problem.extensions.scheduledChanges;
  return Array.isArray(listed) ? (listed as PendingScheduledChange[]) : [];
}

/** The browser's time zone, as the schedule form states it (datetime-local has none of its own). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A datetime-local value ("2027-03-01T09:00"), read in the browser's time zone; null when empty or not a moment. */
export function momentOfLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? null : moment;
}

const MOMENT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** A moment as staff read it, with its time zone: "1 Mar 2027, 09:00 CET". */
export const formatMoment = (iso: string): string => MOMENT.format(new Date(iso));
