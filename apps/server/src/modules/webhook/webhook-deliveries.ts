import { randomUUID } from 'node:crypto';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import { ListingStatus } from '@certhub/domain/directory';
import type { EntityManager } from 'typeorm';
import { OutboxStatus } from '../../platform/outbox-worker.js';
import { toGlobalId } from '../../shared/global-id.js';
import { type WebhookDeliveryEntity, WebhookEndpointEntity, WebhookEvent } from './webhook.entities.js';

/** A webhook delivery to write to the outbox (by `recordChange`, modules/change/record-change.ts). */
export type NewWebhookDelivery = Pick<
  WebhookDeliveryEntity,
  'endpointId' | 'event' | 'deliveryKey' | 'status' | 'attempts' | 'nextAttemptAt' | 'payload'
>;

/**
 * In the transaction of a program's status change (`recordChange` writes them): one delivery per
 * endpoint that asked for the event, so the events exist exactly when the change does, and a slow
 * receiver holds up nothing.
 */
export async function programEventDeliveries(
  manager: EntityManager,
  program: { id: number; name: string; slug: string },
  from: AdmissionStatus | null,
  to: AdmissionStatus,
  changedAt: Date,
): Promise<NewWebhookDelivery[]> {
  const events: WebhookEvent[] =
    from === null
      ? [WebhookEvent.PROGRAM_CREATED]
      : to === AdmissionStatus.CLOSED
        ? [WebhookEvent.PROGRAM_STATUS_CHANGED, WebhookEvent.PROGRAM_CLOSED]
        : [WebhookEvent.PROGRAM_STATUS_CHANGED];
  const data = { program: { id: toGlobalId('Program', program.id), slug: program.slug, name: program.name }, from, to };
  return deliveriesFor(manager, events, changedAt, data);
}

/** A listing moving between LISTED and WITHDRAWN, as `recordChange` hands it over. */
export interface ListingEvent {
  product: { id: number; name: string; slug: string };
  vendor: { name: string; slug: string };
  program: { id: number; name: string; slug: string };
  from: ListingStatus | null;
  to: ListingStatus;
  changedAt: Date;
}

/**
 * In the transaction of listings' moves: one delivery per move and endpoint that asked for
 * PRODUCT_LISTED or PRODUCT_WITHDRAWN. The endpoints are read once, however many moves an import makes.
 */
export async function listingEventDeliveries(
  manager: EntityManager,
  moves: readonly ListingEvent[],
): Promise<NewWebhookDelivery[]> {
  if (!moves.length) return [];
  const endpoints = await activeEndpoints(manager);
  return moves.flatMap((move) => {
    const event = move.to === ListingStatus.WITHDRAWN ? WebhookEvent.PRODUCT_WITHDRAWN : WebhookEvent.PRODUCT_LISTED;
    const data = {
      product: { id: toGlobalId('CertifiedProduct', move.product.id), slug: move.product.slug, name: move.product.name },
      vendor: move.vendor,
      program: { id: toGlobalId('Program', move.program.id), slug: move.program.slug, name: move.program.name },
      from: move.from,
      to: move.to,
    };
    return deliveriesTo(endpoints, [event], move.changedAt, data);
  });
}

function activeEndpoints(manager: EntityManager): Promise<WebhookEndpointEntity[]> {
  return manager.find(WebhookEndpointEntity, { where: { active: true } });
}

async function deliveriesFor(
  manager: EntityManager,
  events: readonly WebhookEvent[],
  occurredAt: Date,
  data: Record<string, unknown>,
): Promise<NewWebhookDelivery[]> {
  return deliveriesTo(await activeEndpoints(manager), events, occurredAt, data);
}

function deliveriesTo(
  endpoints: readonly WebhookEndpointEntity[],
  events: readonly WebhookEvent[],
  occurredAt: Date,
  data: Record<string, unknown>,
): NewWebhookDelivery[] {
  return endpoints
    .filter((endpoint) => endpoint.events.some((event) => events.includes(event)))
    .flatMap((endpoint) =>
      events
        .filter((event) => endpoint.events.includes(event))
        .map((event) => {
          const deliveryKey = randomUUID();
          return {
            endpointId: endpoint.id,
            event,
            deliveryKey,
            status: OutboxStatus.PENDING,
            attempts: 0,
            nextAttemptAt: occurredAt,
            payload: JSON.stringify({ id: deliveryKey, event, occurredAt: occurredAt.toISOString(), data }),
          };
        }),
    );
}
