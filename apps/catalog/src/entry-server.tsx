import CLIENT_CHUNKS from 'virtual:client-chunks';
import { ApolloLink } from '@apollo/client';
import { prerenderStatic } from '@apollo/client/react/ssr';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '@certhub/domain/i18n/locales';
import type { PageRenderer, PageRenderRequest, RenderedPage } from '@certhub/domain/page-rendering';
import { print } from 'graphql';
import { prerenderToNodeStream } from 'react-dom/static';
import { StaticRouter } from 'react-router';
import { Observable } from 'rxjs';
import { App } from './App.js';
import { createServerApolloClient } from './apollo.js';
import { loadSiteMessages } from './i18n/site-messages.js';
import { headHtml, headTags, scriptSafeJson } from './page-head/head-tags.js';
import { type PageMetaSink, PageMetaSinkContext } from './page-head/page-meta.js';
import { SERVER_STATE_ELEMENT_ID, type ServerState } from './page-head/server-state.js';

/**
 * Renders one page of the public site for the server (`vite build --ssr` bundles this file): the
 * queries its components make with `useQuery` run through `request.execute`, rendering again until
 * no more are asked; the answer is the page's HTML, its head, its status and the cache to hydrate with.
 */
export const render: PageRenderer = async (request: PageRenderRequest): Promise<RenderedPage> => {
  // Every language at hand (loaded once per process): a page renders in its own without waiting.
  await Promise.all(LOCALES.map(loadSiteMessages));
  const client = createServerApolloClient(executeLink(request.execute));
  const sink: PageMetaSink = { meta: null, lang: null, modules: new Set() };
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
  const lang = sink.lang && isLocale(sink.lang) ? sink.lang : DEFAULT_LOCALE;
  return {
    status: meta.status ?? 200,
    lang,
    head: headHtml(headTags(meta, request.origin)) + preloadLinks(lang, sink.modules),
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

/**
 * What the browser will load on demand before it can hydrate the page: its language's catalogue
 * (`site-messages.ts`) and the pages it rendered (`routes.tsx`), each a chunk of its own in the
 * browser build. Preloaded with the HTML, they arrive with the entry's scripts, not after them; a
 * chunk's styles are linked, so that the server's HTML is shown styled.
 */
function preloadLinks(locale: Locale, pageModules: ReadonlySet<string>): string {
  const files = new Set([`src/i18n/catalogues/${locale}.ts`, ...pageModules].flatMap((module) => CLIENT_CHUNKS[module] ?? []));
  return [...files]
    .map((file) =>
      file.endsWith('.css')
        ? `<link rel="stylesheet" crossorigin href="${file}">`
        : `<link rel="modulepreload" crossorigin href="${file}">`,
    )
    .join('');
}
