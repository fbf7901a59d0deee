import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId, toGlobalId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { SpecEntity } from './spec.entity.js';
import { CreateSpecInput, DeleteSpecInput, UpdateSpecInput } from './spec.inputs.js';

@Resolver(() => SpecEntity)
export class SpecResolver {
  @Query(() => [SpecEntity], { description: 'Every spec document, by title: what programs can list.' })
  specs(@Ctx() { services }: Context): Promise<SpecEntity[]> {
    return services.specs.findAll();
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => SpecEntity, { description: 'Adds a spec document, for programs to list.' })
  createSpec(
    @Ctx() context: Context,
    @Arg('input', () => CreateSpecInput, { description: 'The new spec document.' }) input: CreateSpecInput,
  ): Promise<SpecEntity> {
    return context.services.specEdits.create(input, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => SpecEntity, { description: "Changes a spec's title or address. The spec's version must match." })
  updateSpec(
    @Ctx() context: Context,
    @Arg('input', () => UpdateSpecInput, { description: 'The spec document and what to change.' }) input: UpdateSpecInput,
  ): Promise<SpecEntity> {
    const specId = expectGlobalId(input.specId, 'Spec', 'input.specId');
    return context.services.specEdits.update(specId, input.expectedVersion, input, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ID, {
    description: 'Deletes a spec no program lists (closed ones count); answers its id. Its version must match.',
  })
  async deleteSpec(
    @Ctx() context: Context,
    @Arg('input', () => DeleteSpecInput, { description: 'The spec document to delete.' }) input: DeleteSpecInput,
  ): Promise<string> {
    const specId = expectGlobalId(input.specId, 'Spec', 'input.specId');
    await context.services.specEdits.delete(specId, input.expectedVersion, auditActorOf(context));
    return toGlobalId('Spec', specId);
  }
}
