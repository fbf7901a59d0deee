import { StaffRole } from '@certhub/domain/staff';
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { AdminMutation, RequireRole } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { connectionType, PageArgs } from '../../shared/pagination.js';
import { auditActorOf } from '../../shared/request-context.js';
import { InputArg } from '../../shared/schema-fields.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity, WebhookEvent } from './webhook.entities.js';

@InputType('CreateWebhookEndpointInput', { description: 'A new webhook endpoint.' })
class CreateWebhookEndpointInput {
  @Field(() => String, { description: 'Who it is for, e.g. "Partner directory".' })
  name!: string;

  @Field(() => String, { description: 'A public http(s) address (private networks are refused in production).' })
  url!: string;

  @Field(() => [WebhookEvent], { description: 'The events to send to it.' })
  events!: WebhookEvent[];
}

@InputType('UpdateWebhookEndpointInput', { description: 'Changes to a webhook endpoint. Omitted fields are kept.' })
class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint to change.' })
  endpointId!: string;

  @Field(() => String, { nullable: true, description: 'The new name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'The new address: a public http(s) address.' })
  url?: string | null;

  @Field(() => [WebhookEvent], { nullable: true, description: 'The events to send to it from now on.' })
  events?: WebhookEvent[] | null;

  @Field(() => Boolean, { nullable: true, description: 'An inactive endpoint gets no new deliveries.' })
  active?: boolean | null;
}

@ObjectType('WebhookEndpointWithSecret', {
  description: 'A new endpoint and the secret its deliveries are signed with, shown this once.',
})
class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpointEntity, { description: 'The new endpoint.' })
  endpoint!: WebhookEndpointEntity;

  @Field(() => String, { description: 'The HMAC-SHA256 key of the CertHub-Signature header. Shown only now.' })
  secret!: string;
}

const WebhookDeliveryConnection = connectionType(WebhookDeliveryEntity, 'WebhookDelivery');

@Resolver(() => WebhookEndpointEntity)
export class WebhookResolver {
  @RequireRole(StaffRole.ADMIN)
  @Query(() => [WebhookEndpointEntity], { description: 'Registered webhook endpoints. Admins only.' })
  webhookEndpoints(@Ctx() { services }: Context): Promise<WebhookEndpointEntity[]> {
    return services.webhooks.list();
  }

  @RequireRole(StaffRole.ADMIN)
  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's deliveries, newest first: the delivery log. Admins only.",
  })
  webhookDeliveries(
    @Ctx() { services }: Context,
    @Arg('endpointId', () => ID, { description: 'The endpoint whose deliveries to list.' }) endpointId: string,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return services.webhooks.deliveries(expectGlobalId(endpointId, 'WebhookEndpoint', 'endpointId'), page);
  }

  @AdminMutation(() => WebhookEndpointWithSecret, 'Registers an endpoint; its signing secret is shown once. Admins only.')
  createWebhookEndpoint(
    @Ctx() context: Context,
    @InputArg(() => CreateWebhookEndpointInput, 'The new endpoint.') input: CreateWebhookEndpointInput,
  ): Promise<WebhookEndpointWithSecret> {
    return context.services.webhooks.create(input, auditActorOf(context));
  }

  @AdminMutation(() => WebhookEndpointEntity, 'Changes an endpoint. Admins only.')
  updateWebhookEndpoint(
    @Ctx() context: Context,
    @InputArg(() => UpdateWebhookEndpointInput, 'The endpoint and what to change.')
    input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpointEntity> {
    const endpointId = expectGlobalId(input.endpointId, 'WebhookEndpoint', 'input.endpointId');
    return context.services.webhooks.update(endpointId, input, auditActorOf(context));
  }

  @AdminMutation(() => ID, 'Deletes an endpoint and its delivery log; answers its id. Admins only.')
  async deleteWebhookEndpoint(
    @Ctx() context: Context,
    @Arg('endpointId', () => ID, { description: 'The endpoint to delete.' }) endpointId: string,
  ): Promise<string> {
    await context.services.webhooks.remove(expectGlobalId(endpointId, 'WebhookEndpoint', 'endpointId'), auditActorOf(context));
    return endpointId;
  }

  @AdminMutation(() => WebhookDeliveryEntity, 'Sends a delivery again, with the same delivery id. Admins only.')
  redeliverWebhook(
    @Ctx() context: Context,
    @Arg('deliveryId', () => ID, { description: 'The delivery to send again.' }) deliveryId: string,
  ): Promise<WebhookDeliveryEntity> {
    return context.services.webhooks.redeliver(
      expectGlobalId(deliveryId, 'WebhookDelivery', 'deliveryId'),
      auditActorOf(context),
    );
  }

  @RequireRole(StaffRole.ADMIN)
  @FieldResolver(() => WebhookDeliveryEntity, {
    nullable: true,
    description: "The endpoint's newest delivery, the first of its delivery log; null before any. Admins only.",
  })
  lastDelivery(@Root() endpoint: WebhookEndpointEntity, @Ctx() { loaders }: Context): Promise<WebhookDeliveryEntity | null> {
    return loaders.lastWebhookDeliveryByEndpointId.load(endpoint.id);
  }
}
