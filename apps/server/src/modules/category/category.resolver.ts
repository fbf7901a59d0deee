import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CategoryEntity } from './category.entity.js';

@Resolver(() => CategoryEntity)
export class CategoryResolver {
  @Query(() => [CategoryEntity], { description: 'Every category, in page order.' })
  categories(@Ctx() { services }: Context): Promise<CategoryEntity[]> {
    return services.categories.findAll();
  }

  @FieldResolver(() => [ProgramEntity], {
    description: "The category's programs in the catalogue (closed ones left out), in page order.",
  })
  programs(@Root() category: CategoryEntity, @Ctx() { loaders }: Context): Promise<ProgramEntity[]> {
    return loaders.listedProgramsByCategoryId.load(category.id);
  }
}
