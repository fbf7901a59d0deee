import { createContext, useContext } from 'react';

/**
 * The site's public address (PUBLIC_URL, as the server rendered the page with it), for absolute
 * links: canonical URLs, structured data, the API's endpoint. The same on the server and in the
 * browser, so that hydration finds what was rendered.
 */
export const SiteOriginContext = createContext<string>('');

export function useSiteOrigin(): string {
  return useContext(SiteOriginContext) || window.location.origin;
}
