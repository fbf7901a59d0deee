import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { RowEditResolver } from '../../shared/row-edit.resolver.js';
import { SpecEntity } from './spec.entity.js';
import { CreateSpecInput, DeleteSpecInput, UpdateSpecInput } from './spec.inputs.js';

@Resolver(() => SpecEntity)
export class SpecResolver extends RowEditResolver({
  typeName: 'Spec',
  entity: SpecEntity,
  idField: 'specId',
  edits: (services) => services.specEdits,
  inputs: { create: CreateSpecInput, update: UpdateSpecInput, delete: DeleteSpecInput },
  descriptions: {
    create: ['Adds a spec document, for programs to list.', 'The new spec document.'],
    update: ["Changes a spec's title or address. The spec's version must match.", 'The spec document and what to change.'],
    delete: [
      'Deletes a spec no program lists (closed ones count); answers its id. Its version must match.',
      'The spec document to delete.',
    ],
  },
}) {
  @Query(() => [SpecEntity], { description: 'Every spec document, by title: what programs can list.' })
  specs(@Ctx() { services }: Context): Promise<SpecEntity[]> {
    return services.specs.findAll();
  }
}
