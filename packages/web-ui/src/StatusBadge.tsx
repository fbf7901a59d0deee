import type { AdmissionStatus } from '@certhub/domain/admission-status';

/**
 * The status as a badge: the words carry the meaning, the colour only repeats it. `label` is its
 * text (short enough for a table cell), `title` the full words: the public site's come from its
 * catalogue in the page's language, the console's from the domain's English labels.
 */
export function StatusBadge({ status, label, title }: { status: AdmissionStatus; label: string; title: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase().replaceAll('_', '-')}`} title={title}>
      {label}
    </span>
  );
}
