import { splitLocalePath } from '@certhub/domain/i18n/locales';
import { startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { createApolloClient } from './apollo.js';
import { loadSiteMessages } from './i18n/site-messages.js';
import { readServerState } from './page-head/server-state.js';
import '@certhub/web-ui/base.css';
import './styles.css';
// Pages load on demand, their styles not: the server's HTML is shown before any page's chunk has arrived.
import './routes/products/products.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The page's language only (the server preloads its catalogue with the page), then the app.
const { locale } = splitLocalePath(window.location.pathname);
void loadSiteMessages(locale).then(() => {
  prepareIntl(locale);
  // Hydration in a task of its own: the browser's long tasks stay apart, each shorter.
  setTimeout(start);
});

/**
 * The browser's first date or number formatter loads its locale data (tens of milliseconds on a
 * phone), which would otherwise fall in hydration's first slice (react-intl's provider checks the
 * locale with one): done here, in the task that brought the catalogue, before hydration begins.
 */
function prepareIntl(locale: string): void {
  new Intl.NumberFormat(locale);
  new Intl.DateTimeFormat(locale);
}

function start(): void {
  if (!root) return;
  // A page the server rendered carries the data it rendered with: the browser starts from the same cache.
  const serverState = readServerState();
  const app = (
    <App
      client={createApolloClient({ serverState: serverState?.apollo })}
      origin={serverState?.origin ?? ''}
      router={(routes) => <BrowserRouter>{routes}</BrowserRouter>}
    />
  );
  // Hydration as a transition: React renders the server's HTML over in slices, yielding to the
  // browser between them, instead of in one long task (the page is already shown meanwhile).
  if (serverState) startTransition(() => void hydrateRoot(root, app));
  else createRoot(root).render(app);
}
