import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId, toGlobalId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { LabEntity } from './lab.entity.js';
import { CreateLabInput, DeleteLabInput, UpdateLabInput } from './lab.inputs.js';

@Resolver(() => LabEntity)
export class LabResolver {
  @Query(() => [LabEntity], { description: 'Every certification lab, by name.' })
  async labs(@Ctx() context: Context): Promise<readonly LabEntity[]> {
    return (await context.publicCatalog())?.labs ?? context.services.labs.findAll();
  }

  @FieldResolver(() => [ProgramEntity], { description: 'The catalogue programs this lab certifies for, by name.' })
  programs(@Root() lab: LabEntity, @Ctx() { loaders }: Context): readonly ProgramEntity[] | Promise<ProgramEntity[]> {
    return CatalogReadModel.of(lab)?.listedProgramsOfLab(lab.id) ?? loaders.listedProgramsByLabId.load(lab.id);
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => LabEntity, { description: 'Adds a certification lab, for programs to list.' })
  createLab(
    @Ctx() context: Context,
    @Arg('input', () => CreateLabInput, { description: 'The new lab.' }) input: CreateLabInput,
  ): Promise<LabEntity> {
    return context.services.labEdits.create(input, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => LabEntity, { description: "Changes a lab's name, slug or address. The lab's version must match." })
  updateLab(
    @Ctx() context: Context,
    @Arg('input', () => UpdateLabInput, { description: 'The lab and what to change.' }) input: UpdateLabInput,
  ): Promise<LabEntity> {
    const labId = expectGlobalId(input.labId, 'Lab', 'input.labId');
    return context.services.labEdits.update(labId, input.expectedVersion, input, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ID, {
    description: 'Deletes a lab no program lists (closed ones count); answers its id. Its version must match.',
  })
  async deleteLab(
    @Ctx() context: Context,
    @Arg('input', () => DeleteLabInput, { description: 'The lab to delete.' }) input: DeleteLabInput,
  ): Promise<string> {
    const labId = expectGlobalId(input.labId, 'Lab', 'input.labId');
    await context.services.labEdits.delete(labId, input.expectedVersion, auditActorOf(context));
    return toGlobalId('Lab', labId);
  }
}
