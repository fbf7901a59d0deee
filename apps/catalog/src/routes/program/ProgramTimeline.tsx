import { ChangeDescription } from '../../components/ChangeDescription.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { useFormatDay } from '../../i18n/format-day.js';
import { useT } from '../../i18n/locale.js';

export const ProgramTimelineProgram = graphql(`
  fragment ProgramTimeline_program on Program {
    history {
      kind
      from
      to
      effectiveAt
    }
  }
`);

/** The program's public history, newest first, each change with the day it took effect. */
export function ProgramTimeline(props: { program: FragmentType<typeof ProgramTimelineProgram> }) {
  const t = useT();
  const formatDay = useFormatDay();
  const { history } = getFragmentData(ProgramTimelineProgram, props.program);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('program.history')}</h2>
      <ol className="timeline" reversed>
        {[...history].reverse().map((change) => (
          <li key={`${change.effectiveAt}-${change.kind}-${JSON.stringify(change.from)}`}>
            <time dateTime={change.effectiveAt}>{formatDay(change.effectiveAt)}</time>: <ChangeDescription change={change} />
          </li>
        ))}
      </ol>
    </section>
  );
}
