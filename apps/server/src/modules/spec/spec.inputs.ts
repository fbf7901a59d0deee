import { Field, ID, InputType, Int } from 'type-graphql';

const URL_DESCRIPTION = 'Where the document is published: an absolute http(s) address.';

@InputType('CreateSpecInput')
export class CreateSpecInput {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true, description: URL_DESCRIPTION })
  url?: string | null;
}

@InputType('UpdateSpecInput', { description: 'Omitted fields are kept.' })
export class UpdateSpecInput {
  @Field(() => ID)
  specId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: `${URL_DESCRIPTION} Null or empty removes it.` })
  url?: string | null;
}

@InputType('DeleteSpecInput')
export class DeleteSpecInput {
  @Field(() => ID)
  specId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;
}
