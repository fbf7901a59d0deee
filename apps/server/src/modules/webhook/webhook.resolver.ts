import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { auditActorOf, type Context } from '../../context.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { connectionType } from '../../shared/pagination.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity, WebhookEvent } from './webhook.entities.js';

@InputType('CreateWebhookEndpointInput')
class CreateWebhookEndpointInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'A public http(s) address (private networks are refused in production).' })
  url!: string;

  @Field(() => [WebhookEvent])
  events!: WebhookEvent[];
}

@InputType('UpdateWebhookEndpointInput')
class UpdateWebhookEndpointInput {
  @Field(() => ID)
  endpointId!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [WebhookEvent], { nullable: true })
  events?: WebhookEvent[] | null;

  @Field(() => Boolean, { nullable: true, description: 'An inactive endpoint gets no new deliveries.' })
  active?: boolean | null;
}

@ObjectType('WebhookEndpointWithSecret', {
  description: 'A new endpoint and the secret its deliveries are signed with, shown this once.',
})
class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpointEntity)
  endpoint!: WebhookEndpointEntity;

  @Field(() => String, { description: 'The HMAC-SHA256 key of the CertHub-Signature header. Shown only now.' })
  secret!: string;
}

const WebhookDeliveryConnection = connectionType(WebhookDeliveryEntity, 'WebhookDelivery');

@Resolver()
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
    @Arg('endpointId', () => ID) endpointId: string,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return services.webhooks.deliveries(expectGlobalId(endpointId, 'WebhookEndpoint', 'endpointId'), { first, after });
  }

  @RequireRole(StaffRole.ADMIN)
  @Mutation(() => WebhookEndpointWithSecret, {
    description: 'Registers an endpoint; its signing secret is shown once. Admins only.',
  })
  createWebhookEndpoint(
    @Ctx() context: Context,
    @Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput,
  ): Promise<WebhookEndpointWithSecret> {
    return context.services.webhooks.create(input, auditActorOf(context));
  }

  @RequireRole(StaffRole.ADMIN)
  @Mutation(() => WebhookEndpointEntity, { description: 'Changes an endpoint. Admins only.' })
  updateWebhookEndpoint(
    @Ctx() context: Context,
    @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpointEntity> {
    const endpointId = expectGlobalId(input.endpointId, 'WebhookEndpoint', 'input.endpointId');
    return context.services.webhooks.update(endpointId, input, auditActorOf(context));
  }

  @RequireRole(StaffRole.ADMIN)
  @Mutation(() => ID, { description: 'Deletes an endpoint and its delivery log; answers its id. Admins only.' })
  async deleteWebhookEndpoint(@Ctx() context: Context, @Arg('endpointId', () => ID) endpointId: string): Promise<string> {
    await context.services.webhooks.remove(expectGlobalId(endpointId, 'WebhookEndpoint', 'endpointId'), auditActorOf(context));
    return endpointId;
  }

  @RequireRole(StaffRole.ADMIN)
  @Mutation(() => WebhookDeliveryEntity, { description: 'Sends a delivery again, with the same delivery id. Admins only.' })
  redeliverWebhook(@Ctx() context: Context, @Arg('deliveryId', () => ID) deliveryId: string): Promise<WebhookDeliveryEntity> {
    return context.services.webhooks.redeliver(
      expectGlobalId(deliveryId, 'WebhookDelivery', 'deliveryId'),
      auditActorOf(context),
    );
  }
}
