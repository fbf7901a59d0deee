import { ADMISSION_STATUSES, type AdmissionStatus } from '@certhub/domain/admission-status';
import type { Locale } from '@certhub/domain/i18n/locales';
import { labelsOf } from '@certhub/domain/i18n/messages';

/** The status as a badge: the words carry the meaning, the colour only repeats it. */
export function StatusBadge({ status, locale = 'en' }: { status: AdmissionStatus; locale?: Locale }) {
  return (
    <span
      className={`badge badge-${status.toLowerCase().replaceAll('_', '-')}`}
      title={labelsOf(locale, 'admissionStatus', ADMISSION_STATUSES)[status]}
    >
      {labelsOf(locale, 'admissionStatusShort', ADMISSION_STATUSES)[status]}
    </span>
  );
}
