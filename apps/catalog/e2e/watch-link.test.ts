import { programBySlug } from '@certhub/e2e-support/certhub';
import { browserSuite, expectAccessible } from '@certhub/e2e-support/suite';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

const WATCH = `mutation ($input: WatchProgramInput!) { watchProgram(input: $input) }`;

describe('the links of the watcher emails, in a browser', () => {
  const suite = browserSuite();
  let page: Page;

  const watch = async (slug: string, email: string, locale = 'en') => {
    const program = await programBySlug(suite.certhub, slug);
    await suite.certhub.asAdmin(WATCH, { input: { programId: program.id, email, locale } });
  };

  /** The token of the newest `/…/watch/<action>` link the server mailed to `email` (without SMTP, mails go to its log). */
  const mailedToken = async (email: string, action: 'confirm' | 'unsubscribe'): Promise<string> => {
    const link = new RegExp(
      `Notification to ${email.replace(/[.]/g, '\\.')}:[^]*?/watch/${action}\\?token=([A-Za-z0-9_-]+)`,
      'g',
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      const tokens = [...suite.certhub.serverLog().matchAll(link)].map((match) => match[1] as string);
      if (tokens.length > 0) return tokens.at(-1) as string;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No ${action} link was mailed to ${email}:\n${suite.certhub.serverLog()}`);
  };

  // On a phone: the links are opened from an email.
  beforeEach(async () => {
    ({ page } = await suite.open({ viewport: { width: 390, height: 844 }, locale: 'en-US' }));
  });

  it('confirms a watch only on the button, then links to the program; a used link is unknown', async () => {
    await watch('pcs', 'reader@example.com');
    const token = await mailedToken('reader@example.com', 'confirm');
    const url = `${suite.certhub.origin}/watch/confirm?token=${token}`;

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
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Done: you will get emails about PCs.').waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'PCs' }).click();
    await page.getByRole('heading', { level: 1, name: 'PCs' }).waitFor();

    await openPage(page, url);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('This link is unknown or was already used.', { exact: false }).waitFor();
  });

  it('says an unknown link is unknown, and a link without its token lacks it', async () => {
    await openPage(page, `${suite.certhub.origin}/watch/confirm?token=no-such-token`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('This link is unknown or was already used.', { exact: false }).waitFor();
    await expectAccessible(page);

    await openPage(page, `${suite.certhub.origin}/watch/unsubscribe`);
    await page.getByText('This address lacks the token of the link.', { exact: false }).waitFor();
    expect(await page.getByRole('button').count()).toBe(0);
  });

  it('unsubscribes from a German email in German', async () => {
    await watch('sbc', 'leser@example.com', 'de');
    await openPage(page, `${suite.certhub.origin}/de/watch/confirm?token=${await mailedToken('leser@example.com', 'confirm')}`);
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText('Erledigt: Sie erhalten E-Mails zu', { exact: false }).waitFor();

    // Signing up again while confirmed mails a way out.
    await watch('sbc', 'leser@example.com', 'de');
    const token = await mailedToken('leser@example.com', 'unsubscribe');
    await openPage(page, `${suite.certhub.origin}/de/watch/unsubscribe?token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'E-Mails abbestellen' }).waitFor();
    await page.getByRole('button', { name: 'Diese E-Mails abbestellen' }).click();
    await page.getByText('Erledigt: Sie erhalten keine E-Mails mehr zu', { exact: false }).waitFor();
    await expectAccessible(page);
  });
});
