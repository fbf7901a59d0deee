import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { RowEditResolver } from '../../shared/row-edit.resolver.js';
import { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { LabEntity } from './lab.entity.js';
import { CreateLabInput, DeleteLabInput, UpdateLabInput } from './lab.inputs.js';

@Resolver(() => LabEntity)
export class LabResolver extends RowEditResolver(LabEntity, 'Lab', {
  edits: (services) => services.labEdits,
  inputs: [CreateLabInput, UpdateLabInput, DeleteLabInput],
  created: 'Adds a certification lab, for programs to list.',
  updated: "Changes a lab's name, slug or address. The lab's version must match.",
  deleted: 'Deletes a lab no program lists (closed ones count); answers its id. Its version must match.',
}) {
  @Query(() => [LabEntity], { description: 'Every certification lab, by name.' })
  async labs(@Ctx() context: Context): Promise<readonly LabEntity[]> {
    return (await context.publicCatalog())?.labs ?? context.services.labs.findAll();
  }

  @FieldResolver(() => [ProgramEntity], { description: 'The catalogue programs this lab certifies for, by name.' })
  programs(@Root() lab: LabEntity, @Ctx() { loaders }: Context): readonly ProgramEntity[] | Promise<ProgramEntity[]> {
    return CatalogReadModel.of(lab)?.listedProgramsOfLab(lab.id) ?? loaders.listedProgramsByLabId.load(lab.id);
  }
}
