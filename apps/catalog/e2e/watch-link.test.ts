import { accessibilityViolations, launchBrowser, watchConsole } from '@certhub/e2e-support/browser';
import { type RunningCertHub, startCertHub } from '@certhub/e2e-support/certhub';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

const WATCH = `mutation ($input: WatchProgramInput!) { watchProgram(input: $input) }`;

describe('the links of the watcher emails, in a browser', () => {
  let certhub: RunningCertHub;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  const watch = async (slug: string, email: string, locale = 'en') => {
    const { program } = await certhub.asAdmin<{ program: { id: string } }>(
      `query ($slug: String!) { program(slug: $slug) { id } }`,
      {
        slug,
      },
    );
    await certhub.asAdmin(WATCH, { input: { programId: program.id, email, locale } });
  };

  /** The token of the newest `/…/watch/<action>` link the server mailed to `email` (without SMTP, mails go to its log). */
  const mailedToken = async (email: string, action: 'confirm' | 'unsubscribe'): Promise<string> => {
    const link = new RegExp(
      `Notification to ${email.replace(/[.]/g, '\\.')}:[^]*?/watch/${action}\\?token=([A-Za-z0-9_-]+)`,
      'g',
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      const tokens = [...certhub.serverLog().matchAll(link)].map((match) => match[1] as string);
      if (tokens.length > 0) return tokens.at(-1) as string;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No ${action} link was mailed to ${email}:\n${certhub.serverLog()}`);
  };

  beforeAll(async () => {
    [certhub, browser] = await Promise.all([startCertHub(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await certhub?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    consoleProblems = watchConsole(page);
  });
  afterEach(async () => {
    await page.close();
    expect(consoleProblems).toEqual([]);
  });

  it('confirms a watch only on the button, then links to the program; a used link is unknown', async () => {
    await watch('pcs', 'reader@example.com');
    const token = await mailedToken('reader@example.com', 'confirm');
    const url = `${certhub.origin}/watch/confirm?token=${token}`;

    // The server's HTML: not indexed, not kept, and without the token.
    const response = await fetch(url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<meta name="robots" content="noindex"');
    expect(html).toContain('Confirm your email');
    expect(html).not.toContain(token);

    // Opening the link (as a mail scanner does) confirms nothing: it is still there to confirm.
    await openPage(page, url);
    await page.getByRole('heading', { level: 1, name: 'Confirm your email' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Done: you will get emails about PCs.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'PCs' }).click();
    await page.getByRole('heading', { level: 1, name: 'PCs' }).waitFor();

    await openPage(page, url);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('This link is unknown or was already used.', { exact: false }).waitFor();
  });

  it('says an unknown link is unknown, and a link without its token lacks it', async () => {
    await openPage(page, `${certhub.origin}/watch/confirm?token=no-such-token`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('This link is unknown or was already used.', { exact: false }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await openPage(page, `${certhub.origin}/watch/unsubscribe`);
    await page.getByText('This address lacks the token of the link.', { exact: false }).waitFor();
    expect(await page.getByRole('button').count()).toBe(0);
  });

  it('unsubscribes from a German email in German', async () => {
    await watch('sbc', 'leser@example.com', 'de');
    await openPage(page, `${certhub.origin}/de/watch/confirm?token=${await mailedToken('leser@example.com', 'confirm')}`);
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText('Erledigt: Sie erhalten E-Mails zu', { exact: false }).waitFor();

    // Signing up again while confirmed mails a way out.
    await watch('sbc', 'leser@example.com', 'de');
    const token = await mailedToken('leser@example.com', 'unsubscribe');
    await openPage(page, `${certhub.origin}/de/watch/unsubscribe?token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'E-Mails abbestellen' }).waitFor();
    await page.getByRole('button', { name: 'Diese E-Mails abbestellen' }).click();
    await page.getByText('Erledigt: Sie erhalten keine E-Mails mehr zu', { exact: false }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
