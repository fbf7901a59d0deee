import { usePageTitle } from '../../components/usePageTitle.js';

const EXAMPLES = [
  {
    title: 'Programs seeking partners now',
    query: `{
  programs(filter: { admissionStatus: SEEKING_PARTNERS }) {
    totalCount
    edges { node { name slug category { name } labs { name url } } }
  }
}`,
  },
  {
    title: 'One program with its status history',
    query: `{
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
    query: `{
  categories { name programs { name admissionStatus } }
}`,
  },
];

export function ApiPage() {
  usePageTitle('For developers');
  const endpoint = `${window.location.origin}/graphql`;
  return (
    <article className="page api">
      <h1>For developers</h1>
      <p>
        The catalogue is a public GraphQL API: no key and no sign-in for reading. Send a <code>POST</code> with a JSON body{' '}
        <code>{'{"query": "…"}'}</code> to:
      </p>
      <pre className="code">{endpoint}</pre>
      <p>
        The schema: <a href="/schema.graphql">schema.graphql</a> (SDL), or ask the endpoint itself (introspection is on). Errors
        carry a stable <code>extensions.code</code>. The catalogue can also be downloaded as{' '}
        <a href="/export/catalogue.csv">CSV</a> or <a href="/export/catalogue.json">JSON</a>.
      </p>
      <h2>Examples</h2>
      {EXAMPLES.map((example) => (
        <section key={example.title} aria-label={example.title}>
          <h3>{example.title}</h3>
          <pre className="code">{example.query}</pre>
          <pre className="code">
            {`curl -s ${endpoint} -H 'content-type: application/json' \\\n  -d '${JSON.stringify({ query: example.query.replace(/\s+/g, ' ') })}'`}
          </pre>
        </section>
      ))}
    </article>
  );
}
