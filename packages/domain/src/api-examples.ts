/**
 * The example queries of the public API: the `/api` page shows them, and the explorer at
 * `/graphql` opens with one tab each. Each stays well under the API's cost limit.
 */
export interface ApiExample {
  title: string;
  query: string;
}

export const API_EXAMPLES: readonly ApiExample[] = [
  {
    title: 'Programs seeking partners now',
    query: `query ProgramsSeekingPartners {
  programs(filter: { admissionStatus: SEEKING_PARTNERS }) {
    totalCount
    edges { node { name slug category { name } labs { name url } } }
  }
}`,
  },
  {
    title: 'The catalogue on July 1, 2018, and what changed since',
    query: `query CatalogueHistory {
  catalogue(asOf: "2018-07-01") {
    categories { name programs { name admissionStatus specs { title url } } }
  }
  catalogueChanges(from: "2018-07-01", to: "2019-12-31") {
    programs { name changes { kind from to effectiveAt } }
  }
}`,
  },
  {
    title: 'One program with its status history',
    query: `query ProgramWithHistory {
  program(slug: "sip-trunks") {
    name admissionStatus statusChangedAt
    specs { title url } specAvailability
    labs { name url } labAvailability
    statusHistory { from to changedAt }
  }
}`,
  },
  {
    title: 'The whole catalogue by category',
    query: `query CatalogueByCategory {
  categories { name programs { name admissionStatus } }
}`,
  },
];
