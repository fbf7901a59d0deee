import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { recordChange } from '../change/record-change.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entities.js';
import { WEBHOOK_WORKER_POLICY, type WebhookNetwork, WebhookService } from './webhook.service.js';
import { nonPublicRange, webhookAddressProblem } from './webhook-address.js';
import { programEventDeliveries } from './webhook-deliveries.js';
import type { Destination } from './webhook-transport.js';

const BY = { actor: 'test', actorId: null, requestId: null };
const quiet = { error: () => {}, warn: () => {} };
const PUBLIC_V4 = '93.184.216.34';

describe('which addresses may receive webhooks in production', () => {
  const accepted = [
    PUBLIC_V4,
    '8.8.8.8',
    '2606:4700::1',
    '2a00:1450:4001:80b::200e',
    '::ffff:93.184.216.34', // mapped, public inside
    '64:ff9b::5db8:d822', // NAT64 of 93.184.216.34
    '2002:5db8:d822::1', // 6to4 of 93.184.216.34
  ];
  const refused: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrierGradeNat/],
    ['169.254.169.254', /linkLocal/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['192.0.0.8', /reserved/],
    ['192.0.2.1', /reserved/], // documentation (TEST-NET-1)
    ['198.51.100.7', /reserved/],
    ['203.0.113.9', /reserved/],
    ['198.18.0.1', /reserved/], // benchmarking 198.18/15
    ['198.19.255.254', /reserved/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fd00::1', /uniqueLocal/],
    ['fc00::1', /uniqueLocal/],
    ['fe80::1', /linkLocal/],
    ['ff02::1', /multicast/],
    ['2001:db8::1', /reserved/],
    ['3fff::1', /reserved/],
    ['2001::1', /teredo/],
    ['100::1', /discard/],
    ['fec0::1', /deprecatedSiteLocal/],
    ['4000::1', /reserved/], // outside 2000::/3
    ['64:ff9b:1::a00:1', /rfc6052/], // local-use NAT64
    ['::ffff:127.0.0.1', /loopback \(embedded 127\.0\.0\.1\)/],
    ['::ffff:10.0.0.1', /private \(embedded 10\.0\.0\.1\)/],
    ['::ffff:0:a9fe:a9fe', /linkLocal \(embedded 169\.254\.169\.254\)/], // SIIT
    ['::127.0.0.1', /loopback \(embedded 127\.0\.0\.1\)/], // IPv4-compatible
    ['64:ff9b::a9fe:a9fe', /linkLocal \(embedded 169\.254\.169\.254\)/], // NAT64
    ['64:ff9b::7f00:1', /loopback \(embedded 127\.0\.0\.1\)/],
    ['2002:7f00:1::', /loopback \(embedded 127\.0\.0\.1\)/], // 6to4
    ['2002:a00:1::1', /private \(embedded 10\.0\.0\.1\)/],
  ];

  it.each(accepted)('accepts %s', async (address) => {
    expect(nonPublicRange(address)).toBeNull();
    const literal = address.includes(':') ? `[${address}]` : address;
    expect(await webhookAddressProblem(`https://${literal}/hooks`, false)).toBeNull();
    expect(await webhookAddressProblem('https://hooks.partner.example/x', false, answering(address))).toBeNull();
  });

  it.each(refused)('refuses %s', async (address, why) => {
    expect(nonPublicRange(address)).toMatch(why);
    const literal = address.includes(':') ? `[${address}]` : address;
    expect(await webhookAddressProblem(`http://${literal}/hooks`, false)).toMatch(/private network/);
    expect(await webhookAddressProblem('https://hooks.partner.example/x', false, answering(address))).toMatch(
      /hooks\.partner\.example points into a private network/,
    );
  });

  it('refuses a name when any of its addresses is private, and a name that does not resolve', async () => {
    expect(await webhookAddressProblem('https://mixed.example/x', false, answering(PUBLIC_V4, '10.0.0.1'))).toMatch(
      /10\.0\.0\.1/,
    );
    expect(await webhookAddressProblem('https://nowhere.example/x', false, answering())).toMatch(/does not resolve/);
    expect(await webhookAddressProblem('https://localhost/x', false)).toMatch(/private network/);
  });
});

describe('webhook deliveries in production mode', () => {
  let db: TestDatabase;
  const receivers: Receiver[] = [];
  const receiver = async (answer?: Answer) => {
    const started = await startReceiver(answer);
    receivers.push(started);
    return started;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });
  beforeEach(async () => {
    await db.dataSource.createQueryBuilder().delete().from(WebhookDeliveryEntity).execute();
    await db.dataSource.createQueryBuilder().delete().from(WebhookEndpointEntity).execute();
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((started) => started.close()));
  });

  /** The production setting, with the name answered by `resolve` and public addresses routed to `to`. */
  const production = (resolve: WebhookNetwork['resolve'], to: Receiver | null, seen: Destination[] = []) =>
    new WebhookService(
      db.dataSource,
      { allowPrivateAddresses: false, timeoutMs: 10_000 },
      {
        resolve,
        route: (destination) => {
          seen.push(destination);
          return to && destination.address === PUBLIC_V4 ? { address: '127.0.0.1', family: 4, port: to.port } : destination;
        },
      },
    );
  /** Where private addresses are allowed: for receivers that really are on loopback. */
  const development = () => new WebhookService(db.dataSource, { allowPrivateAddresses: true, timeoutMs: 10_000 });

  const enqueue = (count = 1) =>
    inTransaction(db.dataSource, async (manager) => {
      for (let index = 0; index < count; index++) {
        const webhookDeliveries = await programEventDeliveries(
          manager,
          { id: index + 1, name: `Program ${index}`, slug: `program-${index}` },
          'NOT_SEEKING_PARTNERS',
          'SEEKING_PARTNERS',
          new Date(),
        );
        await recordChange(manager, { webhookDeliveries });
      }
    });
  const deliveries = () => db.dataSource.getRepository(WebhookDeliveryEntity).find({ order: { id: 'ASC' } });

  it('accepts a receiver at a public address, and delivers to the address it checked', async () => {
    const partner = await receiver();
    const seen: Destination[] = [];
    const service = production(answering(PUBLIC_V4), partner, seen);
    const { endpoint } = await service.create(
      { name: 'Partner', url: 'http://hooks.partner.example:8080/certhub?x=1', events: ['PROGRAM_STATUS_CHANGED'] },
      BY,
    );
    expect(endpoint.active).toBe(true);
    await enqueue();
    expect(await service.worker(quiet).runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ address: PUBLIC_V4, family: 4, port: 8080 }]);
    expect(partner.received).toHaveLength(1);
    expect(partner.received[0]).toMatchObject({
      url: '/certhub?x=1',
      headers: { host: 'hooks.partner.example:8080', 'certhub-event': 'PROGRAM_STATUS_CHANGED' },
    });
    const [delivery] = await deliveries();
    expect(partner.received[0]?.headers['certhub-delivery']).toBe(delivery?.deliveryKey);
    expect(delivery).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
  });

  it('connects to the address it checked, not to what the name points to a moment later (DNS rebinding)', async () => {
    const outside = await receiver();
    const inside = await receiver();
    // Public when checked, this machine on every later question.
    let questions = 0;
    const rebinding = async (): Promise<LookupAddress[]> => [
      questions++ === 0 ? { address: PUBLIC_V4, family: 4 } : { address: '127.0.0.1', family: 4 },
    ];
    await saveEndpoint(`http://rebind.example:${inside.port}/hook`);
    await enqueue();
    const seen: Destination[] = [];
    expect(await production(rebinding, outside, seen).worker(quiet).runOnce()).toMatchObject({ sent: 1 });
    expect(seen.map((destination) => destination.address)).toEqual([PUBLIC_V4]);
    expect(outside.received).toHaveLength(1);
    expect(inside.received).toHaveLength(0);
    // The next attempt asks again, and is refused before connecting.
    await enqueue();
    expect(await production(rebinding, outside).worker(quiet).runOnce()).toMatchObject({ sent: 0, retried: 1 });
    expect(inside.received).toHaveLength(0);
    expect((await deliveries()).at(-1)?.lastError).toMatch(
      /rebind\.example points into a private network \(127\.0\.0\.1: loopback\)/,
    );
  });

  it('tries the next checked address when one refuses the connection', async () => {
    const partner = await receiver();
    const closed = await receiver();
    await closed.close();
    const seen: Destination[] = [];
    const service = new WebhookService(
      db.dataSource,
      { allowPrivateAddresses: false, timeoutMs: 300 },
      {
        resolve: answering('2606:4700::1', PUBLIC_V4),
        route: (destination) => {
          seen.push(destination);
          const port = destination.address === PUBLIC_V4 ? partner.port : closed.port;
          return { address: '127.0.0.1', family: 4, port };
        },
      },
    );
    await saveEndpoint('http://two-addresses.example/hook');
    await enqueue();
    expect(await service.worker(quiet).runOnce()).toMatchObject({ sent: 1 });
    expect(seen.map((destination) => destination.address)).toEqual(['2606:4700::1', PUBLIC_V4]);
    expect(partner.received).toHaveLength(1);
  });

  it('gives up an attempt on a receiver that does not answer in time', async () => {
    const silent = await receiver(() => {});
    await saveEndpoint(`http://127.0.0.1:${silent.port}/hook`);
    await enqueue();
    const lenient = new WebhookService(db.dataSource, { allowPrivateAddresses: true, timeoutMs: 300 });
    expect(await lenient.worker(quiet).runOnce()).toMatchObject({ sent: 0, retried: 1 });
    expect((await deliveries()).find((delivery) => delivery.status === 'PENDING')).toMatchObject({
      lastError: 'The receiver did not answer within 0.3 s.',
    });
  });

  it('does not follow redirects: a 3xx is a failed attempt, with its status', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver((_, response) => {
      response.writeHead(307, { location: `http://127.0.0.1:${elsewhere.port}/hook` }).end();
    });
    await saveEndpoint(`http://127.0.0.1:${redirecting.port}/hook`);
    await enqueue();
    expect(await development().worker(quiet).runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(redirecting.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    expect((await deliveries())[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'The receiver answered 307.' });
  });

  it('stops sending to a disabled endpoint at once, items already queued included, and resumes when enabled', async () => {
    let release: () => void = () => {};
    const slow = await receiver((_, response) => {
      release = () => response.writeHead(204).end();
    });
    const service = development();
    const endpointId = await saveEndpoint(`http://127.0.0.1:${slow.port}/hook`);
    await enqueue(3);
    const worker = service.worker(quiet);
    // The worker has read all three and is sending the first when the endpoint is disabled.
    const run = worker.runOnce();
    await expect.poll(() => slow.received.length).toBe(1);
    await service.update(endpointId, { active: false }, BY);
    release();
    expect(await run).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await service.worker(quiet).runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(slow.received).toHaveLength(1);
    expect((await deliveries()).map(({ status, attempts }) => [status, attempts])).toEqual([
      ['SENT', 1],
      ['PENDING', 0],
      ['PENDING', 0],
    ]);
    await service.update(endpointId, { active: true }, BY);
    const resumed = service.worker(quiet).runOnce();
    await expect.poll(() => slow.received.length).toBe(2);
    release();
    await expect.poll(() => slow.received.length).toBe(3);
    release();
    expect(await resumed).toMatchObject({ sent: 2 });
  });

  it('sends each delivery once with two workers and a slow receiver (a lease per item, not per pass)', async () => {
    const slow = await receiver((_, response) => {
      setTimeout(() => response.writeHead(204).end(), 1_000);
    });
    await saveEndpoint(`http://127.0.0.1:${slow.port}/hook`);
    await enqueue(2);
    const policy = { ...WEBHOOK_WORKER_POLICY, leaseMs: 1_200 };
    const first = development().worker(quiet, policy);
    const second = development().worker(quiet, policy);
    const passStarted = Date.now();
    const firstRun = first.runOnce();
    // The first instance sends the second item, claimed a second into its pass: a lease counted
    // from the pass's start would have run out while that item is still being sent.
    await expect.poll(() => slow.received.length, { timeout: 5_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, passStarted + policy.leaseMs + 100 - Date.now()));
    expect(await second.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await firstRun).toEqual({ sent: 2, retried: 0, failed: 0 });
    const keys = slow.received.map((request) => request.headers['certhub-delivery']);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect((await deliveries()).map(({ status, attempts }) => [status, attempts])).toEqual([
      ['SENT', 1],
      ['SENT', 1],
    ]);
  });

  it('renews the lease of an item while a receiver takes longer than the lease', async () => {
    const slower = await receiver((_, response) => {
      setTimeout(() => response.writeHead(204).end(), 2_000);
    });
    await saveEndpoint(`http://127.0.0.1:${slower.port}/hook`);
    await enqueue();
    const policy = { ...WEBHOOK_WORKER_POLICY, leaseMs: 900 };
    const first = development().worker(quiet, policy);
    const second = development().worker(quiet, policy);
    let done = false;
    const firstRun = first.runOnce().finally(() => {
      done = true;
    });
    while (!done) {
      await second.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await firstRun).toMatchObject({ sent: 1 });
    expect(slower.received).toHaveLength(1);
    expect((await deliveries())[0]).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('on stop, gives the item being sent back as it was when the deadline passes, for another instance to take at once', async () => {
    let answers = false;
    const stuck = await receiver((_, response) => {
      if (answers) response.writeHead(204).end();
      // Otherwise never answers.
    });
    await saveEndpoint(`http://127.0.0.1:${stuck.port}/hook`);
    await enqueue();
    const [before] = await deliveries();
    const stopping = development().worker(quiet);
    const run = stopping.runOnce();
    await expect.poll(() => stuck.received.length).toBe(1);
    await stopping.stop(400);
    expect(await run).toEqual({ sent: 0, retried: 0, failed: 0 });
    const [after] = await deliveries();
    expect(after).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null, nextAttemptAt: before?.nextAttemptAt });
    answers = true;
    expect(await development().worker(quiet).runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(stuck.received.map((request) => request.headers['certhub-delivery'])).toEqual([
      before?.deliveryKey,
      before?.deliveryKey,
    ]);
  });

  it('on stop, lets a send in flight finish within the deadline and records it', async () => {
    const slow = await receiver((_, response) => {
      setTimeout(() => response.writeHead(204).end(), 200);
    });
    await saveEndpoint(`http://127.0.0.1:${slow.port}/hook`);
    await enqueue(2);
    const worker = development().worker(quiet);
    const run = worker.runOnce();
    await expect.poll(() => slow.received.length).toBe(1);
    await worker.stop(10_000);
    // The first was finished and recorded; the second waits for the next start (or another instance).
    expect(await run).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await deliveries()).map(({ status, attempts }) => [status, attempts])).toEqual([
      ['SENT', 1],
      ['PENDING', 0],
    ]);
  });

  /** Saves an endpoint as it stands (addresses are judged at delivery, which is what is tested). */
  async function saveEndpoint(url: string): Promise<number> {
    const endpoint = await db.dataSource.getRepository(WebhookEndpointEntity).save({
      name: 'Partner',
      url,
      events: ['PROGRAM_STATUS_CHANGED'],
      secret: 'whsec_test',
      active: true,
    });
    return endpoint.id;
  }
});

/** A resolver that answers `addresses` for any name. */
function answering(...addresses: string[]): WebhookNetwork['resolve'] {
  return async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

interface Receiver {
  port: number;
  received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

/** A webhook receiver on loopback that records what it gets; answers 204 unless told otherwise. */
async function startReceiver(answer: Answer = (_, response) => response.writeHead(204).end()): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      answer(request, response);
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
