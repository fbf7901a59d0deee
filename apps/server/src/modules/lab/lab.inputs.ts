import { Field, ID, InputType, Int } from 'type-graphql';

const URL_DESCRIPTION = "The lab's page for the certification program: an absolute http(s) address.";

@InputType('CreateLabInput')
export class CreateLabInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The slug of the name when omitted.' })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: URL_DESCRIPTION })
  url?: string | null;
}

@InputType('UpdateLabInput', { description: 'Omitted fields are kept.' })
export class UpdateLabInput {
  @Field(() => ID)
  labId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it breaks links to the old one.' })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: `${URL_DESCRIPTION} Null or empty removes it.` })
  url?: string | null;
}

@InputType('DeleteLabInput')
export class DeleteLabInput {
  @Field(() => ID)
  labId!: string;

  @Field(() => Int, { description: 'The version you edited; a newer one gets CONFLICT.' })
  expectedVersion!: number;
}
