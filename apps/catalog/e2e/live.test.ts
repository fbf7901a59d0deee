import { subscriptionSent } from '@certhub/e2e-support/browser';
import { setProgramStatus } from '@certhub/e2e-support/certhub';
import { browserSuite, expectAccessible } from '@certhub/e2e-support/suite';
import type { WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

describe('a program page follows the program live', () => {
  const suite = browserSuite();
  const setStatus = (slug: string, status: string) => setProgramStatus(suite.certhub, slug, status, 'Live test');

  it('shows a status change made elsewhere within seconds, without a reload, and announces it', async () => {
    const { page } = await suite.open();
    const subscribed = subscriptionSent(page, 'ProgramLive');
    await openPage(page, `${suite.certhub.origin}/programs/sbc`);
    await page.getByRole('heading', { level: 1, name: 'SBC' }).waitFor();
    const badge = page.locator('.program-status .badge');
    await expect(badge.textContent()).resolves.toBe('Not seeking partners');
    await expect(page.getByRole('link', { name: 'Apply to join SBC' }).count()).resolves.toBe(0);
    await subscribed;
    // Anything a reload would lose.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await setStatus('sbc', 'SEEKING_PARTNERS');

    await expect.poll(() => badge.textContent(), { timeout: 5_000 }).toBe('Seeking partners');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Status changed' }).allInnerTexts())
      .toEqual(['Status changed: Seeking partners']);
    await page.getByRole('link', { name: 'Apply to join SBC' }).waitFor();
    await expect
      .poll(() => page.locator('.timeline li').first().textContent())
      .toMatch(/Not seeking partners → Seeking partners$/);
    await expect(page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await expectAccessible(page);

    // And the next one too, on the same socket.
    await setStatus('sbc', 'NOT_SEEKING_PARTNERS');
    await expect.poll(() => badge.textContent(), { timeout: 5_000 }).toBe('Not seeking partners');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Status changed' }).allInnerTexts())
      .toEqual(['Status changed: Not seeking partners']);
    await page.getByRole('heading', { name: 'Tell me when it starts seeking partners' }).waitFor();
    await expect
      .poll(() => page.locator('.timeline li').first().textContent())
      .toMatch(/Seeking partners → Not seeking partners$/);
  });

  it('follows only the program shown', async () => {
    const { page } = await suite.open();
    const subscribed = subscriptionSent(page, 'ProgramLive');
    await openPage(page, `${suite.certhub.origin}/programs/pcs`);
    await page.getByRole('heading', { level: 1, name: 'PCs' }).waitFor();
    await subscribed;
    const before = await page.locator('.program-status .badge').textContent();
    await setStatus('migration', 'SEEKING_PARTNERS');
    await setStatus('pcs', 'NO_ADMISSION_REVIEW');
    await expect.poll(() => page.locator('.program-status .badge').textContent(), { timeout: 5_000 }).toBe('Contact labs');
    expect(before).not.toBe('Contact labs');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('PCs');
  });

  it('reconnects quietly when the socket drops, and shows what changed meanwhile', async () => {
    const { page } = await suite.open();
    // The page's sockets pass through the test, which can drop them as a network would.
    const sockets: WebSocketRoute[] = [];
    let subscribes = 0;
    await page.routeWebSocket(/\/graphql$/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        if (String(message).includes('"type":"subscribe"')) subscribes += 1;
        server.send(message);
      });
      server.onMessage((message) => socket.send(message));
      sockets.push(socket);
    });
    await openPage(page, `${suite.certhub.origin}/programs/video-infrastructure`);
    await page.getByRole('heading', { level: 1, name: 'Video Infrastructure' }).waitFor();
    await expect.poll(() => subscribes).toBe(1);
    const badge = page.locator('.program-status .badge');
    await expect(badge.textContent()).resolves.toBe('Not seeking partners');

    // 1001, as when the server restarts (a deployment): the client comes back by itself.
    await sockets[0]?.close({ code: 1001, reason: 'Going away' });
    await setStatus('video-infrastructure', 'SEEKING_PARTNERS');

    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => subscribes, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toBe('Seeking partners');
  });
});
