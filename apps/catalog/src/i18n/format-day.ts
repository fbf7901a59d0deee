import { useIntl } from 'react-intl';

/**
 * A day as the page's language writes it ("December 3, 2026", "3. Dezember 2026"). In UTC: the
 * server renders the page, and the browser must show the same day to hydrate it.
 */
export function useFormatDay(): (iso: string) => string {
  const intl = useIntl();
  return (iso) => intl.formatDate(new Date(iso), { dateStyle: 'long', timeZone: 'UTC' });
}
