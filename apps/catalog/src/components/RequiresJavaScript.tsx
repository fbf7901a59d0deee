import { type MessageKey, useT } from '../i18n/locale.js';

/** Said only when JavaScript is off: the form below it is sent by the page's script, not by the browser. */
export function RequiresJavaScript({ what }: { what: MessageKey }) {
  const t = useT();
  return (
    <noscript>
      <p className="callout">{t('site.needsJavaScript', { what: t(what) })}</p>
    </noscript>
  );
}
