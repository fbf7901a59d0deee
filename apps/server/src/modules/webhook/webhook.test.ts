import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestClient, type TestServer } from '../../test/test-server.js';
import { WebhookDeliveryEntity } from './webhook.entities.js';
import { WEBHOOK_WORKER_POLICY, WebhookService } from './webhook.service.js';
import { webhookAddressProblem } from './webhook-address.js';
import { verifySignature } from './webhook-signature.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const SET_STATUS = `mutation ($input: SetProgramAdmissionStatusInput!) { setProgramAdmissionStatus(input: $input) { version } }`;
const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id name url events active } } }`;

describe('webhooks', () => {
  let server: TestServer;
  let admin: TestClient;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let failuresToAnswer = 0;
  let secret = '';
  let endpointId = '';

  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: { session: DEFAULT_SESSION_POLICY, webhooks: { allowPrivateAddresses: true, timeoutMs: 2_000 } },
    });
    admin = await server.signIn('ADMIN');
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.statusCode = failuresToAnswer-- > 0 ? 503 : 204;
        response.end();
      });
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const { body } = await admin.graphql<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }>(CREATE, {
      input: { name: 'Partner directory', url: receiverUrl, events: ['PROGRAM_STATUS_CHANGED', 'PROGRAM_CLOSED'] },
    });
    expect(body.errors).toBeUndefined();
    secret = body.data?.createWebhookEndpoint.secret ?? '';
    endpointId = body.data?.createWebhookEndpoint.endpoint.id ?? '';
  });
  afterAll(async () => {
    receiver.close();
    await server.close();
  });
  beforeEach(() => {
    received.length = 0;
    failuresToAnswer = 0;
  });

  const worker = () => server.services.webhooks.worker({ error: () => {}, warn: () => {} });
  const changeStatus = async (slug: string, status: string) => {
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "${slug}") { id version } }`,
    );
    const edit = await admin.graphql(SET_STATUS, {
      input: { programId: body.data?.program.id, status, expectedVersion: body.data?.program.version },
    });
    expect(edit.body.errors).toBeUndefined();
  };

  it('shows the signing secret once, and never again', async () => {
    expect(secret).toMatch(/^whsec_[\w-]{30,}$/);
    const { body } = await admin.graphql(`{ webhookEndpoints { id name url events active } }`);
    expect(JSON.stringify(body)).not.toContain(secret);
    expect(body.data).toEqual({
      webhookEndpoints: [
        {
          id: endpointId,
          name: 'Partner directory',
          url: receiverUrl,
          events: ['PROGRAM_STATUS_CHANGED', 'PROGRAM_CLOSED'],
          active: true,
        },
      ],
    });
  });

  it('delivers a status change as signed JSON that the documented check accepts', async () => {
    await changeStatus('ip-phones', 'SEEKING_PARTNERS');
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.headers['certhub-event']).toBe('PROGRAM_STATUS_CHANGED');
    expect(
      verifySignature(
        secret,
        delivery?.body ?? '',
        String(delivery?.headers['certhub-signature']),
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect(
      verifySignature(
        'whsec_wrong',
        delivery?.body ?? '',
        String(delivery?.headers['certhub-signature']),
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      id: delivery?.headers['certhub-delivery'],
      event: 'PROGRAM_STATUS_CHANGED',
      data: { program: { slug: 'ip-phones', name: 'IP Phones' }, from: 'NOT_SEEKING_PARTNERS', to: 'SEEKING_PARTNERS' },
    });
  });

  it('retries a failed delivery later with the same delivery id, and logs the failure', async () => {
    failuresToAnswer = 1;
    await changeStatus('pcs', 'SEEKING_PARTNERS');
    expect(await worker().runOnce()).toMatchObject({ sent: 0, retried: 1 });
    const [pending] = await server.db.dataSource.getRepository(WebhookDeliveryEntity).find({ where: { status: 'PENDING' } });
    expect(pending).toMatchObject({ attempts: 1, lastError: 'The receiver answered 503.' });
    expect(await worker().runOnce(new Date(Date.now() + WEBHOOK_WORKER_POLICY.baseDelayMs + 1000))).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(2);
    expect(received[0]?.headers['certhub-delivery']).toBe(received[1]?.headers['certhub-delivery']);
    const log = await admin.graphql<{ webhookDeliveries: { edges: Array<{ node: { status: string; attempts: number } }> } }>(
      `query ($id: ID!) { webhookDeliveries(endpointId: $id, first: 1) { edges { node { status attempts lastError } } } }`,
      { id: endpointId },
    );
    expect(log.body.data?.webhookDeliveries.edges[0]?.node).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('delivers each event once even when two workers (two instances) look at the same time', async () => {
    await changeStatus('sba', 'SEEKING_PARTNERS');
    const runs = await Promise.all([worker().runOnce(), worker().runOnce(), worker().runOnce()]);
    expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('sends closing as both a status change and a closing, and redelivers on demand', async () => {
    const { body } = await server.graphql<{ program: { id: string; version: number } }>(
      `{ program(slug: "gateway") { id version } }`,
    );
    await admin.graphql(`mutation ($input: CloseProgramInput!) { closeProgram(input: $input) { version } }`, {
      input: { programId: body.data?.program.id, expectedVersion: body.data?.program.version },
    });
    await worker().runOnce();
    expect(received.map((delivery) => delivery.headers['certhub-event']).sort()).toEqual([
      'PROGRAM_CLOSED',
      'PROGRAM_STATUS_CHANGED',
    ]);
    const log = await admin.graphql<{ webhookDeliveries: { edges: Array<{ node: { id: string; deliveryKey: string } }> } }>(
      `query ($id: ID!) { webhookDeliveries(endpointId: $id, first: 1) { edges { node { id deliveryKey } } } }`,
      { id: endpointId },
    );
    const last = log.body.data?.webhookDeliveries.edges[0]?.node;
    const again = await admin.graphql(`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { status } }`, { id: last?.id });
    expect(again.body.data).toEqual({ redeliverWebhook: { status: 'PENDING' } });
    await worker().runOnce();
    expect(received.at(-1)?.headers['certhub-delivery']).toBe(last?.deliveryKey);
  });

  it('lists each endpoint with its newest delivery, batched: one more endpoint costs no statement', async () => {
    const current = await server.graphql<{ program: { admissionStatus: string } }>(
      `{ program(slug: "pcs") { admissionStatus } }`,
    );
    await changeStatus(
      'pcs',
      current.body.data?.program.admissionStatus === 'SEEKING_PARTNERS' ? 'NOT_SEEKING_PARTNERS' : 'SEEKING_PARTNERS',
    );
    const LIST = `{ webhookEndpoints { id lastDelivery { id status } } }`;
    type Listed = { webhookEndpoints: Array<{ id: string; lastDelivery: { id: string; status: string } | null }> };
    const before = await admin.graphql<Listed>(LIST);
    const quiet = await admin.graphql<{ createWebhookEndpoint: { endpoint: { id: string } } }>(CREATE, {
      input: { name: 'Quiet listener', url: receiverUrl, events: ['PROGRAM_CLOSED'] },
    });
    const quietId = quiet.body.data?.createWebhookEndpoint.endpoint.id;
    const after = await admin.graphql<Listed>(LIST);
    const log = await admin.graphql<{ webhookDeliveries: { edges: Array<{ node: { id: string; status: string } }> } }>(
      `query ($id: ID!) { webhookDeliveries(endpointId: $id, first: 1) { edges { node { id status } } } }`,
      { id: endpointId },
    );
    expect(after.body.errors).toBeUndefined();
    expect(log.body.data?.webhookDeliveries.edges).toHaveLength(1);
    expect(after.body.data?.webhookEndpoints).toEqual([
      { id: endpointId, lastDelivery: log.body.data?.webhookDeliveries.edges[0]?.node },
      { id: quietId, lastDelivery: null },
    ]);
    expect(Number(before.headers.get('x-sql-statements'))).toBeGreaterThan(1);
    expect(Number(after.headers.get('x-sql-statements'))).toBe(Number(before.headers.get('x-sql-statements')));
    await admin.graphql(`mutation ($id: ID!) { deleteWebhookEndpoint(endpointId: $id) }`, { id: quietId });
  });

  it('refuses addresses in private networks unless allowed, and bad input', async () => {
    for (const url of [
      'http://127.0.0.1/hooks',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest/meta-data',
      'http://192.168.1.1/',
    ]) {
      expect(await webhookAddressProblem(url, false)).toMatch(/private network/);
    }
    expect(await webhookAddressProblem('ftp://example.com/x', false)).toMatch(/http or https/);
    expect(await webhookAddressProblem('https://user:pass@example.com/x', false)).toMatch(/credentials/);
    const strict = new WebhookService(server.db.dataSource, { allowPrivateAddresses: false, timeoutMs: 1000 });
    await expect(
      strict.create(
        { name: 'Internal', url: 'http://127.0.0.1:9/x', events: ['PROGRAM_CREATED'] },
        { actor: 'test', actorId: null, requestId: null },
      ),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.url' },
    });
    const noEvents = await admin.graphql(CREATE, { input: { name: 'x', url: receiverUrl, events: [] } });
    expect(noEvents.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.events' });
  });
});
