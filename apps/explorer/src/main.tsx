import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './page.css';
import { API_EXAMPLES } from '@certhub/domain/api-examples';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * The API explorer served at `/graphql` to browsers: GraphiQL, bundled with the product (its
 * editor's workers too), talking to the same origin, opening with the `/api` page's examples.
 */
const fetcher = createGraphiQLFetcher({ url: `${window.location.origin}/graphql` });

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={API_EXAMPLES.map((example) => ({ query: `# ${example.title}\n${example.query}\n` }))}
      defaultEditorToolsVisibility={false}
    >
      <GraphiQL.Logo>
        <a href="/api" className="api-link">
          CertHub API
        </a>
      </GraphiQL.Logo>
    </GraphiQL>
  </StrictMode>,
);
