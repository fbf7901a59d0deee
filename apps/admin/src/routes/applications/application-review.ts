import {
  APPLICATION_STATUS_LABELS,
  ApplicationActor,
  ApplicationStatus,
  allowedTransitions,
  isOpenApplicationStatus,
} from '@certhub/domain/application';

/** The moves staff may make from `status`: the domain's state machine, staff moves only. */
export function staffMoves(status: ApplicationStatus): ApplicationStatus[] {
  return allowedTransitions(status, ApplicationActor.STAFF);
}

/** What the button of a move says, as a verb. */
export function moveLabel(from: ApplicationStatus, to: ApplicationStatus): string {
  switch (to) {
    case ApplicationStatus.IN_REVIEW:
      return from === ApplicationStatus.INFO_REQUESTED ? 'Resume the review' : 'Start the review';
    case ApplicationStatus.INFO_REQUESTED:
      return 'Ask for more information';
    case ApplicationStatus.ACCEPTED:
      return 'Accept';
    case ApplicationStatus.ONBOARDED:
      return 'Mark as onboarded';
    case ApplicationStatus.DECLINED:
      return 'Decline';
    default:
      return `Move to ${APPLICATION_STATUS_LABELS[to]}`;
  }
}

/** A message to the applicant is required to ask for more information; optional for every other move. */
export const messageRequired = (to: ApplicationStatus): boolean => to === ApplicationStatus.INFO_REQUESTED;

export interface Capacity {
  partnerCapacity: number | null;
  partnerPlacesTaken: number;
}

/**
 * What staff should know about the program's partner places before a move: accepting takes one.
 * Null when there is nothing to say.
 */
export function capacityWarning(to: ApplicationStatus | null, { partnerCapacity, partnerPlacesTaken }: Capacity): string | null {
  if (partnerCapacity === null) return null;
  const left = partnerCapacity - partnerPlacesTaken;
  if (left <= 0) {
    return to === ApplicationStatus.ACCEPTED
      ? `No partner place is left (${partnerPlacesTaken} of ${partnerCapacity} taken): accepting will be refused. Raise the program's capacity, or decline.`
      : `The program is full: ${partnerPlacesTaken} of ${partnerCapacity} partner places are taken.`;
  }
  if (to === ApplicationStatus.ACCEPTED && left === 1) {
    return `Accepting takes the last partner place (${partnerPlacesTaken} of ${partnerCapacity} taken).`;
  }
  return null;
}

/** The inbox's status filter: the open applications (the default), one status, or all of them. */
export type StatusFilter = 'OPEN' | 'ALL' | ApplicationStatus;

export function statusesOf(filter: StatusFilter): ApplicationStatus[] | null {
  if (filter === 'ALL') return null;
  if (filter === 'OPEN') return Object.values(ApplicationStatus).filter(isOpenApplicationStatus);
  return [filter];
}
