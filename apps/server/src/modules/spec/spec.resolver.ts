import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { RowEditResolver } from '../../shared/row-edit.resolver.js';
import { SpecEntity } from './spec.entity.js';
import { CreateSpecInput, DeleteSpecInput, UpdateSpecInput } from './spec.inputs.js';

@Resolver(() => SpecEntity)
export class SpecResolver extends RowEditResolver(SpecEntity, 'Spec', {
  noun: 'spec document',
  edits: (services) => services.specEdits,
  inputs: [CreateSpecInput, UpdateSpecInput, DeleteSpecInput],
  created: 'Adds a spec document, for programs to list.',
  updated: "Changes a spec's title or address. The spec's version must match.",
  deleted: 'Deletes a spec no program lists (closed ones count); answers its id. Its version must match.',
}) {
  @Query(() => [SpecEntity], { description: 'Every spec document, by title: what programs can list.' })
  specs(@Ctx() { services }: Context): Promise<SpecEntity[]> {
    return services.specs.findAll();
  }
}
