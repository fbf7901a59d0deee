import { useMutation } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useLocation } from 'react-router';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { generalProblemText } from '../../i18n/problems.js';
import { useHydrated } from '../../page-head/hydration.js';
import { usePageMeta } from '../../page-head/page-meta.js';

const ConfirmProgramWatch = graphql(
  `mutation ConfirmProgramWatch($token: String!) { confirmProgramWatch(token: $token) { slug name } }`,
);
const UnsubscribeProgramWatch = graphql(
  `mutation UnsubscribeProgramWatch($token: String!) { unsubscribeProgramWatch(token: $token) { slug name } }`,
);

/** The two links of the watcher emails (`watcher-messages.ts` on the server). */
export type WatchLinkAction = 'confirm' | 'unsubscribe';

const WORDS = {
  confirm: {
    title: 'watchLink.confirmTitle',
    explain: 'watchLink.confirmExplain',
    button: 'watchLink.confirm',
    done: 'watchLink.confirmed',
  },
  unsubscribe: {
    title: 'watchLink.unsubscribeTitle',
    explain: 'watchLink.unsubscribeExplain',
    button: 'watchLink.unsubscribe',
    done: 'watchLink.unsubscribed',
  },
} as const;

/**
 * `/watch/confirm?token=…` and `/watch/unsubscribe?token=…`: says what the link does, and does it
 * only when the button is pressed (mail scanners fetch links: opening the page changes nothing).
 * The token is read from the address once hydrated, so the server's HTML never holds it; the page
 * is not for search engines, and the server does not keep it (`isKeptPageUrl`).
 */
export function WatchLinkPage({ action }: { action: WatchLinkAction }) {
  const t = useT();
  const { localePath } = useLocale();
  const words = WORDS[action];
  const { search } = useLocation();
  // The server renders without the token, and the page hydrates so: only then is it read.
  const hydrated = useHydrated();
  const token = hydrated ? (new URLSearchParams(search).get('token') ?? '') : '';
  usePageMeta({ title: t(words.title) });
  const [confirm, confirming] = useMutation(ConfirmProgramWatch);
  const [unsubscribe, unsubscribing] = useMutation(UnsubscribeProgramWatch);
  const [problem, setProblem] = useState<string | null>(null);
  const state = action === 'confirm' ? confirming : unsubscribing;
  const done = state.called && !state.loading && !state.error;
  const program = action === 'confirm' ? confirming.data?.confirmProgramWatch : unsubscribing.data?.unsubscribeProgramWatch;

  const run = async () => {
    setProblem(null);
    try {
      await (action === 'confirm' ? confirm({ variables: { token } }) : unsubscribe({ variables: { token } }));
    } catch (error) {
      setProblem(generalProblemText(t, errorsOf(error)[0]));
    }
  };

  return (
    <section className="page">
      <h1>{t(words.title)}</h1>
      {done ? (
        <p className={program ? 'callout' : 'callout callout-error'} role="status">
          {program ? (
            <FormattedMessage
              id={words.done}
              values={{
                name: program.name,
                program: (chunks) => <Link to={localePath(`/programs/${program.slug}`)}>{chunks}</Link>,
              }}
            />
          ) : (
            t('watchLink.unknown')
          )}
        </p>
      ) : hydrated && !token ? (
        <p className="callout callout-error" role="alert">
          {t('watchLink.noToken')}
        </p>
      ) : (
        <>
          <RequiresJavaScript what="watchLink.needsJavaScript" />
          <p>{t(words.explain)}</p>
          {problem && (
            <p className="callout callout-error" role="alert">
              {problem}
            </p>
          )}
          <p>
            <button type="button" disabled={!token || state.loading} onClick={() => void run()}>
              {state.loading ? t('watchLink.working') : t(words.button)}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
