import { StaffRole } from '@certhub/domain/staff';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { RequireRole } from '../../shared/auth.js';
import { expectGlobalId, toGlobalId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CategoryEntity } from './category.entity.js';
import { CreateCategoryInput, DeleteCategoryInput, ReorderCategoriesInput, UpdateCategoryInput } from './category.inputs.js';

@Resolver(() => CategoryEntity)
export class CategoryResolver {
  @Query(() => [CategoryEntity], { description: 'Every category, in page order.' })
  async categories(@Ctx() context: Context): Promise<readonly CategoryEntity[]> {
    return (await context.publicCatalog())?.categories ?? context.services.categories.findAll();
  }

  @FieldResolver(() => [ProgramEntity], {
    description: "The category's programs in the catalogue (closed ones left out), in page order.",
  })
  programs(@Root() category: CategoryEntity, @Ctx() { loaders }: Context): readonly ProgramEntity[] | Promise<ProgramEntity[]> {
    return (
      CatalogReadModel.of(category)?.listedProgramsOfCategory(category.id) ?? loaders.listedProgramsByCategoryId.load(category.id)
    );
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => CategoryEntity, { description: 'Adds a category, last on the page.' })
  createCategory(
    @Ctx() context: Context,
    @Arg('input', () => CreateCategoryInput, { description: 'The new category.' }) input: CreateCategoryInput,
  ) {
    return context.services.categoryEdits.create(input, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => CategoryEntity, { description: "Renames a category or changes its slug. The category's version must match." })
  updateCategory(
    @Ctx() context: Context,
    @Arg('input', () => UpdateCategoryInput, { description: 'The category and what to change.' }) input: UpdateCategoryInput,
  ) {
    const categoryId = expectGlobalId(input.categoryId, 'Category', 'input.categoryId');
    return context.services.categoryEdits.update(categoryId, input.expectedVersion, input, auditActorOf(context));
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => ID, {
    description: 'Deletes a category no program uses (closed ones count); answers its id. Its version must match.',
  })
  async deleteCategory(
    @Ctx() context: Context,
    @Arg('input', () => DeleteCategoryInput, { description: 'The category to delete.' }) input: DeleteCategoryInput,
  ) {
    const categoryId = expectGlobalId(input.categoryId, 'Category', 'input.categoryId');
    await context.services.categoryEdits.delete(categoryId, input.expectedVersion, auditActorOf(context));
    return toGlobalId('Category', categoryId);
  }

  @RequireRole(StaffRole.EDITOR)
  @Mutation(() => [CategoryEntity], { description: 'Puts the categories in a new page order; answers them in it.' })
  reorderCategories(
    @Ctx() context: Context,
    @Arg('input', () => ReorderCategoriesInput, { description: 'The categories in their new order.' })
    input: ReorderCategoriesInput,
  ) {
    const categoryIds = input.categoryIds.map((id) => expectGlobalId(id, 'Category', 'input.categoryIds'));
    return context.services.categoryEdits.reorder(categoryIds, auditActorOf(context));
  }
}
