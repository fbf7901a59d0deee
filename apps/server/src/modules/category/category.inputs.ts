import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('CreateCategoryInput', { description: 'A new category of programs.' })
export class CreateCategoryInput {
  @Field(() => String, { description: 'The name shown in the catalogue.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The slug of the name when omitted.' })
  slug?: string | null;
}

@InputType('UpdateCategoryInput', { description: 'Omitted fields are kept.' })
export class UpdateCategoryInput {
  @Field(() => ID, { description: 'The category to change.' })
  categoryId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'The new name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it breaks links to the old one.' })
  slug?: string | null;
}

@InputType('DeleteCategoryInput', { description: 'A category to delete.' })
export class DeleteCategoryInput {
  @Field(() => ID, { description: 'The category to delete.' })
  categoryId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;
}

@InputType('ReorderCategoriesInput', { description: 'A new page order of the categories.' })
export class ReorderCategoriesInput {
  @Field(() => [ID], { description: 'Every category, each once, in the new page order.' })
  categoryIds!: string[];
}
