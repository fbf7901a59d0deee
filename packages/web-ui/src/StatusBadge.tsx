import { ADMISSION_STATUS_LABELS, ADMISSION_STATUS_SHORT_LABELS, type AdmissionStatus } from '@certhub/domain/admission-status';

/** The status as a badge: the words carry the meaning, the colour only repeats it. */
export function StatusBadge({ status }: { status: AdmissionStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase().replaceAll('_', '-')}`} title={ADMISSION_STATUS_LABELS[status]}>
      {ADMISSION_STATUS_SHORT_LABELS[status]}
    </span>
  );
}
