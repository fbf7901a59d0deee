import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, createStaff, expectAccessible, openSignedIn, setProgramStatus } from './console.js';

/** A webhook receiver on this machine: records every request, answers 204. */
async function startReceiver(): Promise<{
  url: string;
  received: Array<{ headers: IncomingHttpHeaders; body: string }>;
  server: Server;
}> {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += String(chunk);
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/certhub`, received, server };
}

describe('the webhooks screen of the admin console', () => {
  // The browser tests run the server in production mode, where private addresses are refused.
  const suite = consoleSuite({ env: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' } });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('registers an endpoint, shows its secret once, logs the deliveries and redelivers one with the same id', async () => {
    const { page } = await openSignedIn(suite);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/webhooks');
    await expect(page.title()).resolves.toBe('Webhooks · CertHub admin');
    await page.getByRole('heading', { name: 'No webhook endpoint yet' }).waitFor();
    await expectAccessible(page);

    // The server's refusal goes next to the field it names.
    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('Name').fill('Partner directory');
    await form.getByLabel('URL').fill(receiver.url.replace('http://', 'http://user:secret@'));
    await form.getByRole('button', { name: 'Register endpoint' }).click();
    const url = form.getByLabel('URL');
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    await expect(
      url.evaluate(
        (input) => document.getElementById(input.getAttribute('aria-describedby')?.split(' ').at(-1) ?? '')?.textContent,
      ),
    ).resolves.toBe('Put no credentials in the address; verify the signature instead.');

    await url.fill(receiver.url);
    await expect(form.getByRole('checkbox', { name: /^Status changed/ }).isChecked()).resolves.toBe(true);
    await form.getByRole('button', { name: 'Register endpoint' }).click();
    const handover = page.getByRole('status').locator('.secret-handover');
    await handover.getByText("Copy it now: it won't be shown again.").waitFor();
    const secret = (await handover.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_\S{20,}$/);
    await expectAccessible(page);
    const endpointRow = page.getByRole('row', { name: /^Partner directory / });
    await endpointRow.getByText('None yet').waitFor();
    await expect(endpointRow.getByRole('cell').first().textContent()).resolves.toBe('Status changed');
    await expect(endpointRow.getByRole('cell').nth(1).textContent()).resolves.toBe('Enabled');

    // Shown once: gone once dismissed, and never read again.
    await handover.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await endpointRow.waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain(secret);

    // A status change is delivered, signed with that secret.
    await endpointRow.getByRole('button', { name: 'Deliveries to Partner directory' }).click();
    const log = page.getByRole('region', { name: 'Deliveries to Partner directory' });
    await log.getByText('No deliveries yet').waitFor();
    await setProgramStatus(suite.certhub, 'sbc', 'SEEKING_PARTNERS');
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const [first] = receiver.received;
    const deliveryId = first?.headers['certhub-delivery'];
    expect(first?.headers['certhub-event']).toBe('PROGRAM_STATUS_CHANGED');
    const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(first?.headers['certhub-signature'])) ?? [];
    expect(signature).toBe(createHmac('sha256', secret).update(`${timestamp}.${first?.body}`).digest('hex'));
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({
      id: deliveryId,
      data: { program: { slug: 'sbc' }, to: 'SEEKING_PARTNERS' },
    });

    const rows = log.locator('tbody tr');
    const cells = async (index: number) =>
      (await rows.nth(index).locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    await expect
      .poll(async () => (await cells(0)).slice(0, 4), { timeout: 10_000 })
      .toEqual([`Status changed Delivery id ${deliveryId}`, 'Delivered', '1', 'Accepted (2xx)']);
    await endpointRow.getByText('Delivered').waitFor();
    await expectAccessible(page);

    // Redeliver: the receiver gets it again, with the same delivery id.
    await rows
      .nth(0)
      .getByRole('button', { name: /^Redeliver/ })
      .click();
    await page
      .getByRole('status')
      .getByText(`queued again for Partner directory, with the same delivery id ${deliveryId}`)
      .waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.received[1]?.headers['certhub-delivery']).toBe(deliveryId);
    expect(receiver.received[1]?.body).toBe(first?.body);
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(async () => (await cells(0)).slice(1, 3), { timeout: 10_000 }).toEqual(['Delivered', '1']);
    await expect(log.getByText('2 deliveries, newest first.').isVisible()).resolves.toBe(true);

    // Nothing is cut off at tablet width, the log open.
    await page.setViewportSize({ width: 768, height: 1024 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await expectAccessible(page);
  });

  it('edits an endpoint, disables it, and deletes it after asking', async () => {
    const { page } = await openSignedIn(suite, undefined, '/webhooks');
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('Name').fill('Doomed endpoint');
    await form.getByLabel('URL').fill(`${receiver.url}/doomed`);
    await form.getByRole('checkbox', { name: /^Program closed/ }).check();
    await form.getByRole('button', { name: 'Register endpoint' }).click();
    await page.getByRole('status').getByText("Copy it now: it won't be shown again.").waitFor();
    const row = page.getByRole('row', { name: /^Doomed endpoint / });
    await expect.poll(() => row.getByRole('cell').first().textContent()).toBe('Status changed, Program closed');

    await row.getByRole('button', { name: 'Edit Doomed endpoint' }).click();
    const editor = page.getByRole('form', { name: 'Edit Doomed endpoint' });
    await expect(editor.getByLabel('Name').evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await editor.getByRole('checkbox', { name: /^Status changed/ }).uncheck();
    await editor.getByRole('checkbox', { name: /^Program closed/ }).uncheck();
    await editor.getByRole('button', { name: 'Save endpoint' }).click();
    await editor.getByText('Choose at least one event.').waitFor();
    await editor.getByRole('checkbox', { name: /^Program added/ }).check();
    await editor.getByRole('checkbox', { name: /^Enabled/ }).uncheck();
    await editor.getByLabel('URL').fill('notaurl');
    await editor.getByRole('button', { name: 'Save endpoint' }).click();
    await editor.getByText('Use an http:// or https:// address.').waitFor();
    await editor.getByLabel('URL').fill(`${receiver.url}/renamed`);
    await editor.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByRole('status').getByText('Saved Doomed endpoint.').waitFor();
    await expect
      .poll(() => row.locator('th, td').allInnerTexts())
      .toEqual([
        `Doomed endpoint\n${receiver.url}/renamed`,
        'Program added',
        'Disabled',
        'None yet',
        expect.stringContaining('Deliveries'),
      ]);

    await row.getByRole('button', { name: 'Delete… Doomed endpoint' }).click();
    const confirm = page.getByRole('group', { name: 'Delete Doomed endpoint?' });
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await row.getByRole('button', { name: 'Delete… Doomed endpoint' }).click();
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('status').getByText('Deleted Doomed endpoint and its delivery log.').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /^Doomed endpoint / }).count()).toBe(0);
  });

  it('is for admins only: editors neither see it nor open it', async () => {
    const editor = await createStaff(suite.certhub, 'EDITOR', 'webhook-editor@example.com');
    const { page } = await openSignedIn(suite, editor);
    await expect(
      page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhooks' }).count(),
    ).resolves.toBe(0);
    await page.goto(suite.url('/webhooks'));
    await page.getByRole('heading', { level: 1, name: 'Admins only' }).waitFor();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' }).count()).resolves.toBe(0);
  });
});
