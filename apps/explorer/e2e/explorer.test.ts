import { API_EXAMPLES } from '@certhub/domain/api-examples';
import { watchConsole, watchContentSecurityPolicy } from '@certhub/e2e-support/browser';
import { browserSuite } from '@certhub/e2e-support/suite';
import { describe, expect, it } from 'vitest';

describe('the API explorer at /graphql', () => {
  const suite = browserSuite();

  it('opens offline, with the examples of the /api page, and runs them', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    const violations = await watchContentSecurityPolicy(page);
    // Nothing but the server itself: a request anywhere else fails the test.
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === suite.certhub.origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });

    await page.goto(`${suite.certhub.origin}/graphql`);
    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBe(API_EXAMPLES.length);
    // The editor shows spaces as no-break spaces.
    const editorText = async () => ((await page.locator('.graphiql-query-editor').textContent()) ?? '').replace(/\u00a0/g, ' ');
    await expect.poll(editorText, { timeout: 30_000 }).toContain(API_EXAMPLES[0]?.title as string);

    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.graphiql-response').textContent(), { timeout: 30_000 }).toContain('totalCount');
    expect(elsewhere).toEqual([]);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('still answers GraphQL clients at the same address', async () => {
    const response = await fetch(`${suite.certhub.origin}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
  });
});
