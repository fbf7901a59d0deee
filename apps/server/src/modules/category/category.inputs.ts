import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('CreateCategoryInput')
export class CreateCategoryInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The slug of the name when omitted.' })
  slug?: string | null;
}

@InputType('UpdateCategoryInput', { description: 'Omitted fields are kept.' })
export class UpdateCategoryInput {
  @Field(() => ID)
  categoryId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it breaks links to the old one.' })
  slug?: string | null;
}

@InputType('DeleteCategoryInput')
export class DeleteCategoryInput {
  @Field(() => ID)
  categoryId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;
}

@InputType('ReorderCategoriesInput')
export class ReorderCategoriesInput {
  @Field(() => [ID], { description: 'Every category, each once, in the new page order.' })
  categoryIds!: string[];
}
