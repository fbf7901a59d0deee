import { z } from 'zod';
import { AdmissionStatus } from './admission-status.js';
import { parseWithoutEval } from './zod-setup.js';

parseWithoutEval();

/**
 * Scheduled changes: a program edit (its admission status, and optionally the fields `updateProgram`
 * takes) that staff plan for a moment ahead. The server applies it once, at that moment, through
 * the same path as a manual edit.
 */
export const ScheduledChangeState = {
  /** Waiting for its moment. */
  PENDING: 'PENDING',
  /** Made at its moment, recorded with that moment. */
  APPLIED: 'APPLIED',
  /** Its moment came, but the program had changed so that it made no sense any more (`outcome` says why). */
  SKIPPED: 'SKIPPED',
  /** Cancelled by staff, or by a manual edit of the same field that chose CANCEL. */
  CANCELLED: 'CANCELLED',
} as const;
export type ScheduledChangeState = (typeof ScheduledChangeState)[keyof typeof ScheduledChangeState];

/**
 * What a manual edit does to the scheduled changes pending on a field it changes. Without a choice
 * such an edit is refused (CONFLICT, reason SCHEDULED_CHANGE_PENDING, with the changes listed), so
 * the editor decides.
 */
export const ScheduledChangesChoice = {
  /** They stay, and still take effect at their moment. */
  KEEP: 'KEEP',
  /** They are cancelled with the edit, in its transaction. */
  CANCEL: 'CANCEL',
} as const;
export type ScheduledChangesChoice = (typeof ScheduledChangesChoice)[keyof typeof ScheduledChangesChoice];

export const SCHEDULE_REASON_MAX_LENGTH = 1000;

/** The plain program fields a scheduled change may set besides the status (not category, position or links). */
export const SCHEDULABLE_PROGRAM_FIELDS = [
  'name',
  'partnerCapacity',
  'internalNotes',
  'admissionContact',
  'specAvailability',
  'labAvailability',
] as const;
export type SchedulableProgramField = (typeof SCHEDULABLE_PROGRAM_FIELDS)[number];

/**
 * The fields of a schedule form, checked against `now`: a moment in the future, a reason, and a
 * new status that is not CLOSED (closing takes a program out of the catalogue: do it by hand).
 */
export function scheduleChangeSchema(now: Date) {
  return z.object({
    effectiveAt: z
      .date({ error: 'Enter the date and time the change takes effect.' })
      .refine((moment) => !Number.isNaN(moment.getTime()), 'Enter the date and time the change takes effect.')
      .refine((moment) => moment.getTime() > now.getTime(), 'Choose a moment in the future.'),
    reason: z
      .string({ error: 'Say why, for the audit trail.' })
      .trim()
      .min(1, 'Say why, for the audit trail.')
      .max(SCHEDULE_REASON_MAX_LENGTH, `Keep the reason to ${SCHEDULE_REASON_MAX_LENGTH} characters at most.`),
    announce: z.boolean().default(false),
    admissionStatus: z
      .enum([AdmissionStatus.SEEKING_PARTNERS, AdmissionStatus.NOT_SEEKING_PARTNERS, AdmissionStatus.NO_ADMISSION_REVIEW], {
        error: 'Choose a status other than Closed: close a program by hand.',
      })
      .nullish(),
  });
}

/** The fields a scheduled change sets: `admissionStatus` and the plain fields it carries. */
export function scheduledFields(change: { admissionStatus?: string | null; edits?: object | null }): string[] {
  return [...(change.admissionStatus ? ['admissionStatus'] : []), ...Object.keys(change.edits ?? {})];
}
