import { ApolloLink } from '@apollo/client';
import { prerenderStatic } from '@apollo/client/react/ssr';
import type { PageRenderer, PageRenderRequest, RenderedPage } from '@certhub/domain/page-rendering';
import { print } from 'graphql';
import { prerenderToNodeStream } from 'react-dom/static';
import { StaticRouter } from 'react-router';
import { Observable } from 'rxjs';
import { App } from './App.js';
import { createServerApolloClient } from './apollo.js';
import { headHtml, headTags, scriptSafeJson } from './page-head/head-tags.js';
import { type PageMetaSink, PageMetaSinkContext } from './page-head/page-meta.js';
import { SERVER_STATE_ELEMENT_ID, type ServerState } from './page-head/server-state.js';

/**
 * Renders one page of the public site for the server (`vite build --ssr` bundles this file): the
 * queries its components make with `useQuery` run through `request.execute`, rendering again until
 * no more are asked; the answer is the page's HTML, its head, its status and the cache to hydrate with.
 */
export const render: PageRenderer = async (request: PageRenderRequest): Promise<RenderedPage> => {
  const client = createServerApolloClient(executeLink(request.execute));
  const sink: PageMetaSink = { meta: null, lang: null };
  const tree = (
    <PageMetaSinkContext value={sink}>
      <App
        client={client}
        origin={request.origin}
        router={(routes) => <StaticRouter location={request.url}>{routes}</StaticRouter>}
      />
    </PageMetaSinkContext>
  );
  const { result } = await prerenderStatic({ tree, renderFunction: prerenderToNodeStream });
  const meta = sink.meta ?? { title: null };
  const state = scriptSafeJson({ origin: request.origin, apollo: client.extract() } satisfies ServerState);
  client.stop();
  return {
    status: meta.status ?? 200,
    lang: sink.lang ?? 'en',
    head: headHtml(headTags(meta, request.origin)),
    body: result,
    state: `<script type="application/json" id="${SERVER_STATE_ELEMENT_ID}">${state}</script>`,
  };
};

/** Each operation as its text, executed by the server in its own process (see `PageRenderRequest.execute`). */
function executeLink(execute: PageRenderRequest['execute']): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        execute({ query: print(operation.query), variables: operation.variables, operationName: operation.operationName ?? null })
          .then((result) => {
            observer.next(result as ApolloLink.Result);
            observer.complete();
          })
          .catch((error: unknown) => observer.error(error));
      }),
  );
}
