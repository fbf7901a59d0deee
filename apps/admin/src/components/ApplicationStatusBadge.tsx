import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '@certhub/domain/application';

/** Short words for a table cell; the full label is the title. */
const SHORT: Readonly<Record<ApplicationStatus, string>> = {
  SUBMITTED: 'Submitted',
  IN_REVIEW: 'In review',
  INFO_REQUESTED: 'Info requested',
  ACCEPTED: 'Accepted',
  ONBOARDED: 'Onboarded',
  DECLINED: 'Declined',
  WITHDRAWN: 'Withdrawn',
};

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  return (
    <span className={`badge badge-app-${status.toLowerCase().replaceAll('_', '-')}`} title={APPLICATION_STATUS_LABELS[status]}>
      {SHORT[status]}
    </span>
  );
}
