import { useIntl } from 'react-intl';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { useT } from '../../i18n/locale.js';

export const ScheduledAnnouncement_program = graphql(`
  fragment ScheduledAnnouncement_program on Program {
    scheduledChanges {
      id
      effectiveAt
      admissionStatus
    }
  }
`);

/**
 * What staff announced ahead: "Opens to partners on March 1, 2027". The day in UTC, as the rest of
 * the page (the server renders it, and the browser must show the same day to hydrate it).
 */
export function ScheduledAnnouncement({ program }: { program: FragmentType<typeof ScheduledAnnouncement_program> }) {
  const t = useT();
  const intl = useIntl();
  const announced = getFragmentData(ScheduledAnnouncement_program, program).scheduledChanges.filter(
    (change) => change.admissionStatus,
  );
  if (!announced.length) return null;
  return (
    <ul className="scheduled-announcements">
      {announced.map((change) => (
        <li key={change.id} className="callout">
          {change.admissionStatus &&
            t(`program.scheduled.${change.admissionStatus}`, {
              date: intl.formatDate(new Date(change.effectiveAt), { dateStyle: 'long', timeZone: 'UTC' }),
            })}
        </li>
      ))}
    </ul>
  );
}
