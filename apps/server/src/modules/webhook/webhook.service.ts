import { randomBytes, randomUUID } from 'node:crypto';
import { WebhookEndpointName } from '@certhub/domain/webhook-endpoint';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { OutboxStatus, OutboxWorker, type OutboxWorkerPolicy } from '../../platform/outbox-worker.js';
import { badUserInput, notFound } from '../../shared/errors.js';
import { type Connection, type PageRequest, paginate } from '../../shared/pagination.js';
import type { AuditActor } from '../../shared/request-context.js';
import { type Change, recordChange } from '../change/record-change.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity, WebhookEvent } from './webhook.entities.js';
import { checkWebhookUrl, type Resolve, systemResolve, webhookAddressProblem } from './webhook-address.js';
import { signatureHeader } from './webhook-signature.js';
import { directRoute, postToTarget, type Route } from './webhook-transport.js';

export interface WebhookPolicy {
  /** Outside production, receivers on this machine or a private network are allowed (tests, development). */
  allowPrivateAddresses: boolean;
  /** How long a receiver may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

/**
 * How deliveries reach the network: names are resolved once by `resolve`, every address checked,
 * and the connection made to a checked address through `route` (the identity, outside tests).
 */
export interface WebhookNetwork {
  resolve: Resolve;
  route: Route;
}

export const SYSTEM_NETWORK: WebhookNetwork = { resolve: systemResolve, route: directRoute };

/** Retries for about a day: 30 s, 1 min, 2 min… doubling up to 6 h between attempts, 13 attempts in all. */
export const WEBHOOK_WORKER_POLICY: OutboxWorkerPolicy = {
  pollIntervalMs: 2_000,
  batchSize: 20,
  maxAttempts: 13,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  leaseMs: 60_000,
};

/** Admins manage endpoints; every program event reaches the endpoints that asked for it. */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    readonly policy: WebhookPolicy,
    private readonly network: WebhookNetwork = SYSTEM_NETWORK,
  ) {}

  list(): Promise<WebhookEndpointEntity[]> {
    return this.dataSource.getRepository(WebhookEndpointEntity).find({ order: { id: 'ASC' } });
  }

  async create(
    input: { name: string; url: string; events: WebhookEvent[] },
    by: AuditActor,
  ): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    const fields = await this.checked(input);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const endpoint = await inTransaction(this.dataSource, async (manager) => {
      const saved = await manager.save(manager.create(WebhookEndpointEntity, { ...fields, secret, active: true }));
      await this.audit(manager, by, saved, 'webhook-created', `Registered the webhook "${saved.name}" (${saved.url})`);
      return saved;
    });
    return { endpoint, secret };
  }

  async update(
    endpointId: number,
    input: { name?: string | null; url?: string | null; events?: WebhookEvent[] | null; active?: boolean | null },
    by: AuditActor,
  ): Promise<WebhookEndpointEntity> {
    const current = await this.get(this.dataSource.manager, endpointId);
    const fields = await this.checked({
      name: input.name ?? current.name,
      url: input.url ?? current.url,
      events: input.events ?? current.events,
    });
    return inTransaction(this.dataSource, async (manager) => {
      await manager.update(WebhookEndpointEntity, endpointId, { ...fields, active: input.active ?? current.active });
      const updated = await this.get(manager, endpointId);
      await this.audit(manager, by, updated, 'webhook-updated', `Updated the webhook "${updated.name}"`);
      return updated;
    });
  }

  async remove(endpointId: number, by: AuditActor): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const endpoint = await this.get(manager, endpointId);
      await manager.delete(WebhookEndpointEntity, endpointId);
      await this.audit(manager, by, endpoint, 'webhook-deleted', `Deleted the webhook "${endpoint.name}"`);
    });
  }

  deliveries(endpointId: number, page: PageRequest): Promise<Connection<WebhookDeliveryEntity>> {
    return paginate(page, async ({ offset, limit }) => {
      const [rows, totalCount] = await this.dataSource
        .getRepository(WebhookDeliveryEntity)
        .findAndCount({ where: { endpointId }, order: { id: 'DESC' }, skip: offset, take: limit });
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }

  /** The newest delivery of each endpoint that has any (one statement, for the per-request loader). */
  lastDeliveries(endpointIds: readonly number[]): Promise<WebhookDeliveryEntity[]> {
    return this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('delivery')
      .where((query) => {
        const newest = query
          .subQuery()
          .select('MAX(latest.id)')
          .from(WebhookDeliveryEntity, 'latest')
          .where('latest.endpointId IN (:...endpointIds)')
          .groupBy('latest.endpointId');
        return `delivery.id IN ${newest.getQuery()}`;
      })
      .setParameter('endpointIds', [...endpointIds])
      .getMany();
  }

  /** Sends a delivery again (same id, so a receiver that got it drops the repeat). */
  async redeliver(deliveryId: number, by: AuditActor): Promise<WebhookDeliveryEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const delivery = await manager.findOneBy(WebhookDeliveryEntity, { id: deliveryId });
      if (!delivery) throw notFound('No webhook delivery has this id.', 'deliveryId');
      const endpoint = await this.get(manager, delivery.endpointId);
      const { webhookDeliveryIds } = await this.audit(
        manager,
        by,
        endpoint,
        'webhook-redelivered',
        `Redelivered ${delivery.event} (${delivery.deliveryKey}) to "${endpoint.name}"`,
        {
          webhookDeliveries: [
            {
              endpointId: delivery.endpointId,
              event: delivery.event,
              deliveryKey: delivery.deliveryKey,
              payload: delivery.payload,
              status: OutboxStatus.PENDING,
              attempts: 0,
              nextAttemptAt: new Date(),
            },
          ],
        },
      );
      return manager.findOneByOrFail(WebhookDeliveryEntity, { id: webhookDeliveryIds[0] as number });
    });
  }

  /**
   * The worker that sends the deliveries: signed, with a timeout, the address checked again. Only
   * deliveries of enabled endpoints are due, and each is looked at again just before it is sent,
   * so disabling an endpoint stops its deliveries at once; they wait, and go if it is enabled again.
   */
  worker(log: Pick<Console, 'error' | 'warn'> = console, policy: OutboxWorkerPolicy = WEBHOOK_WORKER_POLICY) {
    return new OutboxWorker(
      this.dataSource,
      {
        entity: WebhookDeliveryEntity,
        due: { endpoint: { active: true } },
        held: async (delivery) =>
          !(await this.dataSource.manager.existsBy(WebhookEndpointEntity, { id: delivery.endpointId, active: true })),
        deliver: (delivery, signal) => this.send(delivery, signal),
        describe: (delivery) => `Webhook delivery ${delivery.id} (${delivery.event})`,
      },
      policy,
      log,
    );
  }

  private async send(delivery: WebhookDeliveryEntity, stop: AbortSignal): Promise<void> {
    const endpoint = await this.get(this.dataSource.manager, delivery.endpointId);
    // The time limit covers the name's resolution too.
    const timeout = AbortSignal.timeout(this.policy.timeoutMs);
    const signal = AbortSignal.any([stop, timeout]);
    const status = await this.post(endpoint, delivery, signal).catch((error: unknown) => {
      throw timeout.aborted ? new Error(`The receiver did not answer within ${this.policy.timeoutMs / 1000} s.`) : error;
    });
    // A redirect is a failure too: following it would go to an address nobody checked.
    if (status < 200 || status > 299) throw new Error(`The receiver answered ${status}.`);
  }

  private async post(endpoint: WebhookEndpointEntity, delivery: WebhookDeliveryEntity, signal: AbortSignal): Promise<number> {
    const checked = await abortable(
      checkWebhookUrl(endpoint.url, this.policy.allowPrivateAddresses, this.network.resolve),
      signal,
    );
    if ('problem' in checked) throw new Error(checked.problem);
    return postToTarget(
      checked.target,
      {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'CertHub-Webhooks/1',
          'certhub-event': delivery.event,
          'certhub-delivery': delivery.deliveryKey,
          'certhub-signature': signatureHeader(endpoint.secret, delivery.payload, Math.floor(Date.now() / 1000)),
        },
        body: delivery.payload,
        signal,
      },
      this.network.route,
    );
  }

  private async checked(input: { name: string; url: string; events: WebhookEvent[] }) {
    const checkedName = WebhookEndpointName.safeParse(input.name);
    if (!checkedName.success) throw badUserInput(checkedName.error.issues[0]?.message ?? 'Name the endpoint.', 'input.name');
    const name = checkedName.data;
    const problem = await webhookAddressProblem(input.url.trim(), this.policy.allowPrivateAddresses, this.network.resolve);
    if (problem) throw badUserInput(problem, 'input.url');
    const events = [...new Set(input.events)];
    if (!events.length) throw badUserInput('Choose at least one event.', 'input.events');
    return { name, url: input.url.trim(), events };
  }

  private async get(manager: EntityManager, endpointId: number): Promise<WebhookEndpointEntity> {
    const endpoint = await manager.findOneBy(WebhookEndpointEntity, { id: endpointId });
    if (!endpoint) throw notFound('No webhook endpoint has this id.', 'input.endpointId');
    return endpoint;
  }

  private audit(
    manager: EntityManager,
    by: AuditActor,
    endpoint: WebhookEndpointEntity,
    action: string,
    summary: string,
    change: Omit<Change, 'audit'> = {},
  ) {
    return recordChange(manager, {
      ...change,
      audit: [
        {
          ...by,
          batchId: randomUUID(),
          entityType: 'WebhookEndpoint',
          entityId: String(endpoint.id),
          action,
          summary,
          changes: null,
        },
      ],
    });
  }
}

/** `promise`, or a rejection as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
