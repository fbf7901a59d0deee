import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { type MessageKey, useT } from '../i18n/locale.js';

/** "Loading the programs…", in the page's language. */
export function PageLoading({ message }: { message: MessageKey }) {
  const t = useT();
  return <Loading message={t(message)} />;
}

/** "Could not load the programs: …" and a retry, in the page's language. */
export function PageLoadError({ what, error, retry }: { what: MessageKey; error: unknown; retry: () => unknown }) {
  const t = useT();
  return (
    <LoadError
      error={error}
      retry={retry}
      describe={(problem) => t('site.loadError', { what: t(what), problem: problem ?? t('site.unknownProblem') })}
      tryAgain={t('site.tryAgain')}
    />
  );
}
