import { readFileSync } from 'node:fs';
import { watchContentSecurityPolicy } from '@certhub/e2e-support/browser';
import { describe, expect, it } from 'vitest';
import { ADMIN, consoleSuite, signIn } from './console.js';

describe('the admin console under its Content-Security-Policy', () => {
  const suite = consoleSuite();

  it('is built without inline scripts or styles, which the policy would refuse', () => {
    const html = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\s(style|on\w+)=/);
  });

  it('signs in and shows every section with no violation of the policy', async () => {
    const { page } = await suite.open();
    const violations = await watchContentSecurityPolicy(page);
    const response = await page.goto(suite.url('/'));
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    await page.getByRole('heading', { level: 1, name: 'Sign in to CertHub admin' }).waitFor();
    await signIn(page, ADMIN);
    await page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
    const sections: Array<[string, string]> = [
      ['/applications', 'Applications'],
      ['/catalogue', 'Categories, labs, specs'],
      ['/import', 'Import the docs page'],
      ['/audit', 'Audit log'],
      ['/users', 'Users'],
      ['/webhooks', 'Webhooks'],
      ['/programs/new', 'New program'],
      ['/programs/sbc', 'SBC'],
      ['/no-such-page', 'Page not found'],
    ];
    for (const [path, heading] of sections) {
      await page.goto(suite.url(path));
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(violations, path).toEqual([]);
    }
  });
});
