import { API_EXAMPLES } from '@certhub/domain/api-examples';
import type { ApiCosts } from '@certhub/domain/api-limits';
import { useEffect, useState } from 'react';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSiteOrigin } from '../../page-head/site-origin.js';

function useApiCosts(): ApiCosts | null {
  const [costs, setCosts] = useState<ApiCosts | null>(null);
  useEffect(() => {
    let current = true;
    fetch('/api/costs.json')
      .then((response) => (response.ok ? (response.json() as Promise<ApiCosts>) : null))
      .then((answer) => current && setCosts(answer))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return costs;
}

export function ApiPage() {
  usePageTitle('For developers', '/api');
  const endpoint = `${useSiteOrigin()}/graphql`;
  const costs = useApiCosts();
  return (
    <article className="page api">
      <h1>For developers</h1>
      <p>
        The catalogue is a public GraphQL API: no key and no sign-in for reading. Send a <code>POST</code> with a JSON body{' '}
        <code>{'{"query": "…"}'}</code>, or a <code>GET</code> with <code>?query=…</code>, to:
      </p>
      <pre className="code">{endpoint}</pre>
      <p>
        Open <a href="/graphql">{endpoint}</a> in a browser to try queries in the explorer. The schema:{' '}
        <a href="/schema.graphql">schema.graphql</a> (SDL), or ask the endpoint itself (introspection is on). Errors carry a
        stable <code>extensions.code</code>. The catalogue can also be downloaded as <a href="/export/catalogue.csv">CSV</a> or{' '}
        <a href="/export/catalogue.json">JSON</a>.
      </p>
      <h2>Examples</h2>
      {API_EXAMPLES.map((example) => (
        <section key={example.title} aria-label={example.title}>
          <h3>{example.title}</h3>
          <pre className="code">{example.query}</pre>
          <pre className="code">
            {`curl -s ${endpoint} -H 'content-type: application/json' \\\n  -d '${JSON.stringify({ query: example.query.replace(/\s+/g, ' ') })}'`}
          </pre>
        </section>
      ))}
      <h2>Caching and short GET requests</h2>
      <p>
        Queries can also be sent as <code>GET {endpoint}?query=…</code> (with <code>variables</code> as URL-encoded JSON). Public
        answers carry an <code>ETag</code> and <code>Cache-Control</code>: send the tag back in <code>If-None-Match</code> and an
        unchanged answer is <code>304 Not Modified</code>, with no body. For short URLs, use automatic persisted queries: send
        only <code>{'extensions={"persistedQuery":{"version":1,"sha256Hash":"<SHA-256 of the query, hex>"}}'}</code>; if the
        answer is <code>PERSISTED_QUERY_NOT_FOUND</code>, send it once with the <code>query</code> too, and the hash alone works
        from then on.
      </p>
      <pre className="code">
        {`curl -s -G ${endpoint} --data-urlencode 'query={ programs(filter: { admissionStatus: SEEKING_PARTNERS }) { totalCount } }' -D - -o /dev/null`}
      </pre>
      <p>
        To follow changes rather than poll: subscriptions over <code>graphql-ws</code> on the same address (
        <code>programChanged</code>, <code>programStatusChanged</code>), the Atom feed{' '}
        <a href="/feeds/status.atom">/feeds/status.atom</a>, the change feed <code>changes(after:, first:)</code> for mirrors, or
        webhooks registered by the CertHub team.
      </p>
      <h2>Limits and rate limits</h2>
      <p>
        Every operation has an estimated cost, computed before it runs: a field returning an object costs 1 plus what is selected
        in it, a list multiplies what is selected in it by its size (its <code>first</code> argument, or a fixed estimate), a
        scalar costs nothing. Each answer reports it in <code>extensions.cost</code>, with what is left of your budget in{' '}
        <code>extensions.budget</code> (POST answers: a GET answer may be shared by caches) and the <code>RateLimit-Limit</code>,{' '}
        <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code> headers. Past the budget the answer is <code>429</code>{' '}
        with <code>Retry-After</code>. An API key (<code>Authorization: Bearer …</code>, from the CertHub team) gives a larger
        budget.
      </p>
      {costs ? (
        <>
          <table className="api-limits">
            <tbody>
              <tr>
                <th scope="row">Cost of one operation</th>
                <td>at most {costs.limits.maxCost.toLocaleString('en-US')}</td>
              </tr>
              <tr>
                <th scope="row">Depth, aliases, directives</th>
                <td>
                  at most {costs.limits.maxDepth}, {costs.limits.maxAliases} and {costs.limits.maxDirectives}
                </td>
              </tr>
              <tr>
                <th scope="row">Document, request body</th>
                <td>
                  at most {costs.limits.maxTokens.toLocaleString('en-US')} tokens, {Math.round(costs.limits.maxBodyBytes / 1024)}{' '}
                  KiB; one operation per request
                </td>
              </tr>
              <tr>
                <th scope="row">Budget</th>
                <td>
                  {costs.rateLimit
                    ? `${costs.rateLimit.anonymous.toLocaleString('en-US')} points per ${costs.rateLimit.windowSeconds} s per address; ${costs.rateLimit.apiKey.toLocaleString('en-US')} with an API key`
                    : 'no rate limit on this server'}
                </td>
              </tr>
            </tbody>
          </table>
          <details>
            <summary>The cost of each field</summary>
            <table className="api-costs">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Multiplied by</th>
                </tr>
              </thead>
              <tbody>
                {costs.fields
                  .filter((entry) => entry.cost > 0)
                  .map((entry) => (
                    <tr key={`${entry.type}.${entry.field}`}>
                      <td>
                        <code>
                          {entry.type}.{entry.field}
                        </code>
                      </td>
                      <td>{entry.cost}</td>
                      <td>{entry.multiplier ?? ''}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            <p>Every other field (scalars and enumerations) costs 0.</p>
          </details>
        </>
      ) : null}
    </article>
  );
}
