import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { EditorMutation } from '../../shared/auth.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { auditActorOf } from '../../shared/request-context.js';
import { RowEditResolver } from '../../shared/row-edit.resolver.js';
import { InputArg } from '../../shared/schema-fields.js';
import { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CategoryEntity } from './category.entity.js';
import { CreateCategoryInput, DeleteCategoryInput, ReorderCategoriesInput, UpdateCategoryInput } from './category.inputs.js';

@Resolver(() => CategoryEntity)
export class CategoryResolver extends RowEditResolver(CategoryEntity, 'Category', {
  edits: (services) => services.categoryEdits,
  inputs: [CreateCategoryInput, UpdateCategoryInput, DeleteCategoryInput],
  created: 'Adds a category, last on the page.',
  updated: "Renames a category or changes its slug. The category's version must match.",
  deleted: 'Deletes a category no program uses (closed ones count); answers its id. Its version must match.',
}) {
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

  @EditorMutation(() => [CategoryEntity], 'Puts the categories in a new page order; answers them in it.')
  reorderCategories(
    @Ctx() context: Context,
    @InputArg(() => ReorderCategoriesInput, 'The categories in their new order.') input: ReorderCategoriesInput,
  ) {
    const categoryIds = input.categoryIds.map((id) => expectGlobalId(id, 'Category', 'input.categoryIds'));
    return context.services.categoryEdits.reorder(categoryIds, auditActorOf(context));
  }
}
