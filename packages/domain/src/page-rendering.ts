/**
 * What the server and the public site's server bundle (apps/catalog `entry-server.tsx`) agree on:
 * the server asks for a page by URL and executes the GraphQL operations its components make.
 */
export interface PageRenderRequest {
  /** The path and query asked for, as the request had it (`/programs/sip-trunks`, `/?status=SEEKING_PARTNERS`). */
  url: string;
  /** The site's public address (PUBLIC_URL), for canonical links and structured data. */
  origin: string;
  /** Runs one operation as an anonymous visitor's public GraphQL request would run. */
  execute(operation: { query: string; variables: Record<string, unknown>; operationName: string | null }): Promise<{
    data?: Record<string, unknown> | null;
    errors?: ReadonlyArray<{ message: string }>;
  }>;
}

export interface RenderedPage {
  /** 200, or 404 (nothing here) and 410 (a closed program), which still have a page to show. */
  status: number;
  /** The page's language, for `<html lang>`. */
  lang: string;
  /** The page's `<title>`, meta, canonical link and structured data, as HTML for `<head>`. */
  head: string;
  /** The rendered page, for inside `<div id="root">`. */
  body: string;
  /** The script element holding the data the page was rendered with, for the browser to hydrate from. */
  state: string;
}

export type PageRenderer = (request: PageRenderRequest) => Promise<RenderedPage>;
