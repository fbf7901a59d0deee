import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { ProgramEntity } from '../program/program.entity.js';
import { LabEntity } from './lab.entity.js';

@Resolver(() => LabEntity)
export class LabResolver {
  @Query(() => [LabEntity], { description: 'Every certification lab, by name.' })
  labs(@Ctx() { services }: Context): Promise<LabEntity[]> {
    return services.labs.findAll();
  }

  @FieldResolver(() => [ProgramEntity], { description: 'The catalogue programs this lab certifies for, by name.' })
  programs(@Root() lab: LabEntity, @Ctx() { loaders }: Context): Promise<ProgramEntity[]> {
    return loaders.listedProgramsByLabId.load(lab.id);
  }
}
