import { ADMISSION_STATUS_SHORT_LABELS } from '@certhub/domain/admission-status';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { formatMoment } from './scheduled-changes.js';

const ScheduledMarker_program = graphql(`
  fragment ScheduledMarker_program on Program {
    scheduledChanges {
      id
      effectiveAt
      admissionStatus
    }
  }
`);

/** In the programs list: the next scheduled change of a program, if any ("Scheduled: Seeking partners, 1 Mar 2027, 09:00 CET"). */
export function ScheduledMarker({ program }: { program: FragmentType<typeof ScheduledMarker_program> | undefined }) {
  const [next, ...later] = getFragmentData(ScheduledMarker_program, program)?.scheduledChanges ?? [];
  if (!next) return null;
  return (
    <p className="scheduled-marker muted">
      <span className="badge">Scheduled</span>{' '}
      {next.admissionStatus ? `${ADMISSION_STATUS_SHORT_LABELS[next.admissionStatus]}, ` : 'Edits, '}
      <time dateTime={next.effectiveAt}>{formatMoment(next.effectiveAt)}</time>
      {later.length > 0 && ` (and ${later.length} more)`}
    </p>
  );
}
