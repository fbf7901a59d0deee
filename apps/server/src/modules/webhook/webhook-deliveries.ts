import { randomUUID } from 'node:crypto';
import { AdmissionStatus } from '@certhub/domain/admission-status';
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
  const endpoints = (await manager.find(WebhookEndpointEntity, { where: { active: true } })).filter((endpoint) =>
    endpoint.events.some((event) => events.includes(event)),
  );
  return endpoints.flatMap((endpoint) =>
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
          nextAttemptAt: changedAt,
          payload: JSON.stringify({
            id: deliveryKey,
            event,
            occurredAt: changedAt.toISOString(),
            data: { program: { id: toGlobalId('Program', program.id), slug: program.slug, name: program.name }, from, to },
          }),
        };
      }),
  );
}
