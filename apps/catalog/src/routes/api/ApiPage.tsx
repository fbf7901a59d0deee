import { API_EXAMPLES } from '@certhub/domain/api-examples';
import type { ApiCosts } from '@certhub/domain/api-limits';
import { type ReactNode, useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { useSiteOrigin } from '../../page-head/site-origin.js';

/** `<code>…</code>` in a message. */
const code = (chunks: ReactNode[]) => <code>{chunks}</code>;

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
  const t = useT();
  const intl = useIntl();
  const { locale, localePath } = useLocale();
  const number = (value: number) => intl.formatNumber(value);
  usePageTitle(t('api.title'), localePath('/api'));
  const endpoint = `${useSiteOrigin()}/graphql`;
  const costs = useApiCosts();
  return (
    <article className="page api">
      <h1>{t('api.title')}</h1>
      <p>
        <FormattedMessage id="api.intro" values={{ code, body: '{"query": "…"}' }} />
      </p>
      <pre className="code">{endpoint}</pre>
      <p>
        <FormattedMessage
          id="api.explorer"
          values={{
            code,
            endpoint: <a href="/graphql">{endpoint}</a>,
            schema: (chunks) => <a href="/schema.graphql">{chunks}</a>,
            csv: (chunks) => <a href="/export/catalogue.csv">{chunks}</a>,
            json: (chunks) => <a href="/export/catalogue.json">{chunks}</a>,
          }}
        />
      </p>
      <h2>{t('api.examples')}</h2>
      {API_EXAMPLES.map((example) => (
        // The examples are written in English, the language of the API's names.
        <section key={example.title} aria-label={example.title} lang={locale === 'en' ? undefined : 'en'}>
          <h3>{example.title}</h3>
          <pre className="code">{example.query}</pre>
          <pre className="code">
            {`curl -s ${endpoint} -H 'content-type: application/json' \\\n  -d '${JSON.stringify({ query: example.query.replace(/\s+/g, ' ') })}'`}
          </pre>
        </section>
      ))}
      <h2>{t('api.caching')}</h2>
      <p>
        <FormattedMessage
          id="api.cachingText"
          values={{
            code,
            endpoint,
            persisted: 'extensions={"persistedQuery":{"version":1,"sha256Hash":"<SHA-256 of the query, hex>"}}',
          }}
        />
      </p>
      <pre className="code">
        {`curl -s -G ${endpoint} --data-urlencode 'query={ programs(filter: { admissionStatus: SEEKING_PARTNERS }) { totalCount } }' -D - -o /dev/null`}
      </pre>
      <p>
        <FormattedMessage id="api.follow" values={{ code, feed: (chunks) => <a href="/feeds/status.atom">{chunks}</a> }} />
      </p>
      <h2>{t('api.limits')}</h2>
      <p>
        <FormattedMessage id="api.limitsText" values={{ code }} />
      </p>
      {costs ? (
        <>
          <table className="api-limits">
            <tbody>
              <tr>
                <th scope="row">{t('api.operationCost')}</th>
                <td>{t('api.atMost', { value: number(costs.limits.maxCost) })}</td>
              </tr>
              <tr>
                <th scope="row">{t('api.depth')}</th>
                <td>
                  {t('api.depthValue', {
                    depth: number(costs.limits.maxDepth),
                    aliases: number(costs.limits.maxAliases),
                    directives: number(costs.limits.maxDirectives),
                  })}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('api.document')}</th>
                <td>
                  {t('api.documentValue', {
                    tokens: number(costs.limits.maxTokens),
                    kib: number(Math.round(costs.limits.maxBodyBytes / 1024)),
                  })}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('api.budget')}</th>
                <td>
                  {costs.rateLimit
                    ? t('api.budgetValue', {
                        anonymous: number(costs.rateLimit.anonymous),
                        seconds: number(costs.rateLimit.windowSeconds),
                        apiKey: number(costs.rateLimit.apiKey),
                      })
                    : t('api.noRateLimit')}
                </td>
              </tr>
            </tbody>
          </table>
          <details>
            <summary>{t('api.fieldCosts')}</summary>
            <table className="api-costs">
              <thead>
                <tr>
                  <th scope="col">{t('api.field')}</th>
                  <th scope="col">{t('api.cost')}</th>
                  <th scope="col">{t('api.multiplier')}</th>
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
            <p>{t('api.freeFields')}</p>
          </details>
        </>
      ) : null}
    </article>
  );
}
