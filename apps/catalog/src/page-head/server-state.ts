/** The `<script type="application/json">` the server puts its state in (data, not code: no CSP exception needed). */
export const SERVER_STATE_ELEMENT_ID = 'server-state';

/** What a server-rendered page carries for the browser: the site's address and the Apollo cache it rendered with. */
export interface ServerState {
  origin: string;
  apollo: unknown;
}

/** The state of the page the server rendered; null for a page it did not (`vite` in development). */
export function readServerState(): ServerState | null {
  const element = document.getElementById(SERVER_STATE_ELEMENT_ID);
  return element?.textContent ? (JSON.parse(element.textContent) as ServerState) : null;
}
