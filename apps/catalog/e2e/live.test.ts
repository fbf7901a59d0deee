import { accessibilityViolations, launchBrowser, subscriptionSent, watchConsole } from '@certhub/e2e-support/browser';
import { type RunningCertHub, startCertHub } from '@certhub/e2e-support/certhub';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './open-page.js';

describe('a program page follows the program live', () => {
  let certhub: RunningCertHub;
  let browser: Browser;

  beforeAll(async () => {
    [certhub, browser] = await Promise.all([startCertHub(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await certhub?.stop();
  });

  const setStatus = async (slug: string, status: string) => {
    const { program } = await certhub.asAdmin<{ program: { id: string; version: number } }>(
      `query ($slug: String!) { program(slug: $slug) { id version } }`,
      { slug },
    );
    await certhub.asAdmin(
      `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { id } }`,
      { input: { programId: program.id, expectedVersion: program.version, status, reason: 'Live test' } },
    );
  };

  it('shows a status change made elsewhere within seconds, without a reload, and announces it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    const subscribed = subscriptionSent(page, 'ProgramLive');
    await openPage(page, `${certhub.origin}/programs/sbc`);
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
    expect(await accessibilityViolations(page)).toEqual([]);

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

    await page.close();
    expect(problems).toEqual([]);
  });

  it('follows only the program shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    const subscribed = subscriptionSent(page, 'ProgramLive');
    await openPage(page, `${certhub.origin}/programs/pcs`);
    await page.getByRole('heading', { level: 1, name: 'PCs' }).waitFor();
    await subscribed;
    const before = await page.locator('.program-status .badge').textContent();
    await setStatus('migration', 'SEEKING_PARTNERS');
    await setStatus('pcs', 'NO_ADMISSION_REVIEW');
    await expect.poll(() => page.locator('.program-status .badge').textContent(), { timeout: 5_000 }).toBe('Contact labs');
    expect(before).not.toBe('Contact labs');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('PCs');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('reconnects quietly when the socket drops, and shows what changed meanwhile', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
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
    await openPage(page, `${certhub.origin}/programs/video-infrastructure`);
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
    await page.close();
    expect(problems).toEqual([]);
  });
});
