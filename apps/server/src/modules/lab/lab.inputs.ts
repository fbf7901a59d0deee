import { Field, InputType } from 'type-graphql';
import { VersionedEditInput } from '../change/change.inputs.js';

const URL_DESCRIPTION = "The lab's page for the certification program, or its email: an absolute http(s) or mailto: address.";

@InputType('CreateLabInput', { description: 'A new certification lab.' })
export class CreateLabInput {
  @Field(() => String, { description: "The lab's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The slug of the name when omitted.' })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: URL_DESCRIPTION })
  url?: string | null;
}

@InputType('UpdateLabInput', { description: 'Omitted fields are kept.' })
export class UpdateLabInput extends VersionedEditInput('labId', 'The lab to change.') {
  @Field(() => String, { nullable: true, description: 'The new name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it breaks links to the old one.' })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: `${URL_DESCRIPTION} Null or empty removes it.` })
  url?: string | null;
}

@InputType('DeleteLabInput', { description: 'A lab to delete.' })
export class DeleteLabInput extends VersionedEditInput('labId', 'The lab to delete.') {}
