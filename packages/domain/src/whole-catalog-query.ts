/**
 * The whole catalogue, every relation included: what the public app and mirrors ask for. The
 * server's query-count test proves its statement count does not grow with the catalogue; the
 * benchmark (tools/bench) measures how fast it is served.
 */
export const WHOLE_CATALOG_QUERY = `{
  categories { id slug name position programs {
    id slug name admissionStatus specAvailability labAvailability version updatedAt
    category { slug } specs { title url } labs { name slug url }
  } }
  labs { slug programs { slug } }
}`;
