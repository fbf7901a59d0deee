import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { parseGlobalId } from '../../shared/global-id.js';
import { NodeInterface } from './node.interface.js';

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, { nullable: true, description: 'Any object by its global id; null when there is none.' })
  async node(
    @Ctx() { loaders }: Context,
    @Arg('id', () => ID, { description: 'The global id of the object.' }) id: string,
  ): Promise<NodeInterface | null> {
    const parsed = parseGlobalId(id);
    if (!parsed) return null;
    // Only public objects are nodes; staff accounts are not fetchable this way.
    const loader = {
      Category: loaders.categoryById,
      Program: loaders.programById,
      Lab: loaders.labById,
      Spec: loaders.specById,
      User: undefined,
      // Applications are private: staff fetch them with application(id:).
      Application: undefined,
      // API keys are listed to admins by apiKeys only.
      ApiKey: undefined,
      // Webhooks are admins' business, listed by webhookEndpoints.
      WebhookEndpoint: undefined,
      WebhookDelivery: undefined,
      Vendor: loaders.vendorById,
      CertifiedProduct: loaders.certifiedProductById,
      // Staff read scheduled changes on their program, or with scheduledChanges.
      ScheduledChange: undefined,
    }[parsed.type];
    return loader ? loader.load(parsed.id) : null;
  }
}
