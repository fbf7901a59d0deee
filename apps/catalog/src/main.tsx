import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { createApolloClient } from './apollo.js';
import { readServerState } from './page-head/server-state.js';
import '@certhub/web-ui/base.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A page the server rendered carries the data it rendered with: the browser starts from the same cache.
const serverState = readServerState();
const app = (
  <App
    client={createApolloClient({ serverState: serverState?.apollo })}
    origin={serverState?.origin ?? ''}
    router={(routes) => <BrowserRouter>{routes}</BrowserRouter>}
  />
);

if (serverState) hydrateRoot(root, app);
else createRoot(root).render(app);
