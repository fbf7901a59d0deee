import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { watchConsole, watchContentSecurityPolicy } from '@certhub/e2e-support/browser';
import { browserSuite } from '@certhub/e2e-support/suite';
import { describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

describe('the public site under its Content-Security-Policy', () => {
  const suite = browserSuite();

  it('is built without inline scripts, its one inline style the stylesheet, linked nowhere', () => {
    const html = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html.match(/<style[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/<style>[\s\S]*?\.catalogue\{[\s\S]*?<\/style>/);
    expect(html).not.toMatch(/<link[^>]*stylesheet/);
    expect(html).not.toMatch(/\s(style|on\w+)=/);
  });

  it('allows the inline stylesheet by its hash, on the first answer of a page and on the one kept from it', async () => {
    for (const path of ['/join?inline-style', '/de/join?inline-style']) {
      const answers = [await fetch(`${suite.certhub.origin}${path}`), await fetch(`${suite.certhub.origin}${path}`)];
      const [first, kept] = await Promise.all(
        answers.map(async (answer) => ({ html: await answer.text(), headers: answer.headers })),
      );
      const style = /<style>([\s\S]*?)<\/style>/.exec(first?.html ?? '')?.[1] ?? '';
      expect(style, path).toContain('.catalogue{');
      const hash = createHash('sha256').update(style, 'utf8').digest('base64');
      for (const answer of [first, kept]) {
        expect(answer?.headers.get('content-security-policy'), path).toContain(`style-src 'self' 'sha256-${hash}';`);
      }
      // The second answer is the response cache's (an anonymous GET of a page it kept): the same policy.
      expect(kept?.headers.get('content-security-policy'), path).toBe(first?.headers.get('content-security-policy'));
    }
  });

  it.each([
    ['the catalogue', '/', 'table.catalogue'],
    ['a program', '/programs/sbc', 'main h1'],
    ['an application page', '/programs/ip-phones/apply', 'main h1'],
    ['how to join', '/join', 'main h1'],
    ['the /api page', '/api', 'main h1'],
    ['a page that does not exist', '/no-such-page', 'main h1'],
  ])('shows %s with no violation of the policy', async (_, path, ready) => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    const violations = await watchContentSecurityPolicy(page);
    const response = await openPage(page, `${suite.certhub.origin}${path}`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a script injected into the page, and reports it', async () => {
    const page = await suite.browser.newPage();
    const violations = await watchContentSecurityPolicy(page);
    await openPage(page, suite.certhub.origin);
    await page.locator('table.catalogue').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "ran"';
      document.body.append(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatch(/^script-src/);
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    await page.close();
  });
});
