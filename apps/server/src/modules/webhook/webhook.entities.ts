import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';
import { BelongsTo, NameField, TextField } from '../../shared/field-columns.js';
import { GlobalIdEntity } from '../../shared/global-id-entity.js';
import { graphqlEnum } from '../../shared/graphql-enum.js';

/** What a webhook endpoint can ask to be told about. */
export const WebhookEvent = graphqlEnum('WebhookEvent', 'What a webhook endpoint is told about.', {
  PROGRAM_STATUS_CHANGED: "A program's admission status changed (closing included).",
  PROGRAM_CREATED: 'A program was added to the catalogue.',
  PROGRAM_CLOSED: 'A program was closed.',
  PRODUCT_LISTED: 'A program listed a certified product, for the first time or again.',
  PRODUCT_WITHDRAWN: 'A program withdrew a certified product from its list.',
});
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];

@Entity('webhook_endpoint')
@ObjectType('WebhookEndpoint', { description: 'A third party’s address that receives signed JSON events. Admins only.' })
export class WebhookEndpointEntity extends GlobalIdEntity('WebhookEndpoint') {
  @NameField('Who it is for, e.g. "Partner directory".')
  name!: string;

  @Field(() => String, { description: 'The address events are sent to.' })
  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Field(() => [WebhookEvent], { description: 'The events sent to it.' })
  @Column({ type: 'simple-json' })
  events!: WebhookEvent[];

  /** The HMAC key deliveries are signed with; shown to the admin once, when created. */
  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  @Field(() => Boolean, { description: 'Whether it gets new deliveries.' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Field(() => DateTimeISOResolver, { description: 'When it was registered.' })
  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;
}

/** One event for one endpoint: the webhook outbox, with its delivery log. */
@Entity('webhook_delivery')
// No index covers attempts or leased_until, so that a claim or a lease renewal changes no indexed
// column (migration 1767400000000-outbox-leases.ts says why it matters); the failed index is the metrics'.
@Index('IDX_webhook_delivery_due', ['nextAttemptAt', 'id'], { where: "status = 'PENDING'" })
@Index('IDX_webhook_delivery_failed', ['id'], { where: "status = 'FAILED'" })
@ObjectType('WebhookDelivery', { description: 'One event sent (or to be sent) to one endpoint, with how it went.' })
export class WebhookDeliveryEntity extends GlobalIdEntity('WebhookDelivery') {
  @Index('IDX_webhook_delivery_endpoint')
  @Column({ name: 'endpoint_id', type: 'integer' })
  endpointId!: number;

  @BelongsTo(() => WebhookEndpointEntity, 'endpoint_id', 'CASCADE')
  endpoint?: Relation<WebhookEndpointEntity>;

  @Field(() => WebhookEvent, { description: 'The kind of event sent.' })
  @Column({ type: 'varchar', length: 50 })
  event!: WebhookEvent;

  /** The same for every attempt: receivers drop a delivery id they have seen. */
  @Field(() => String, { description: 'Sent as CertHub-Delivery; the same on every attempt, so receivers can drop repeats.' })
  @Column({ name: 'delivery_key', type: 'varchar', length: 36 })
  deliveryKey!: string;

  @TextField('The JSON body sent.')
  payload!: string;

  @Field(() => String, { description: 'PENDING, SENT or FAILED.' })
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Field(() => Int, { description: 'How many times sending has been tried.' })
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Field(() => DateTimeISOResolver, { description: 'When it is (or was last) due to be sent.' })
  @Column(timestampColumn({ name: 'next_attempt_at' }))
  nextAttemptAt!: Date;

  /** While an attempt is under way: until when its worker holds it (outbox-worker.ts). */
  @Column(timestampColumn({ name: 'leased_until', nullable: true }))
  leasedUntil!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed; null when none did.' })
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the endpoint accepted it; null until then.' })
  @Column(timestampColumn({ name: 'sent_at', nullable: true }))
  sentAt!: Date | null;

  @Field(() => DateTimeISOResolver, { description: 'When the event happened and the delivery was queued.' })
  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;
}
