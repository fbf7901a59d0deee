import { Field, ID, InputType } from 'type-graphql';
import { VersionedEditInput } from '../change/change.inputs.js';

@InputType('CreateCategoryInput', { description: 'A new category of programs.' })
export class CreateCategoryInput {
  @Field(() => String, { description: 'The name shown in the catalogue.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The slug of the name when omitted.' })
  slug?: string | null;
}

@InputType('UpdateCategoryInput', { description: 'Omitted fields are kept.' })
export class UpdateCategoryInput extends VersionedEditInput('categoryId', 'The category to change.') {
  @Field(() => String, { nullable: true, description: 'The new name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it breaks links to the old one.' })
  slug?: string | null;
}

@InputType('DeleteCategoryInput', { description: 'A category to delete.' })
export class DeleteCategoryInput extends VersionedEditInput('categoryId', 'The category to delete.') {}

@InputType('ReorderCategoriesInput', { description: 'A new page order of the categories.' })
export class ReorderCategoriesInput {
  @Field(() => [ID], { description: 'Every category, each once, in the new page order.' })
  categoryIds!: string[];
}
