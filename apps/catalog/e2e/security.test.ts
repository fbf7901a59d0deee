import { readFileSync } from 'node:fs';
import { watchConsole, watchContentSecurityPolicy } from '@certhub/e2e-support/browser';
import { browserSuite } from '@certhub/e2e-support/suite';
import { describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

describe('the public site under its Content-Security-Policy', () => {
  const suite = browserSuite();

  it('is built without inline scripts or styles, which the policy would refuse', () => {
    const html = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\s(style|on\w+)=/);
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
