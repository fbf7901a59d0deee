import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApolloClient } from './apollo.js';
import { AppRoutes } from './routes.js';
import { createSessionEvents, SessionProvider } from './session/session.js';
import '@certhub/web-ui/base.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const sessionEvents = createSessionEvents();

createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={createApolloClient({ onSessionProblem: sessionEvents.emit })}>
      <SessionProvider events={sessionEvents}>
        <BrowserRouter basename="/admin">
          <AppRoutes />
        </BrowserRouter>
      </SessionProvider>
    </ApolloProvider>
  </StrictMode>,
);
