import { Field, InputType } from 'type-graphql';
import { VersionedEditInput } from '../change/change.inputs.js';

const URL_DESCRIPTION = 'Where the document is published: an absolute http(s) or mailto: address.';

@InputType('CreateSpecInput', { description: 'A new spec document.' })
export class CreateSpecInput {
  @Field(() => String, { description: "The document's title." })
  title!: string;

  @Field(() => String, { nullable: true, description: URL_DESCRIPTION })
  url?: string | null;
}

@InputType('UpdateSpecInput', { description: 'Omitted fields are kept.' })
export class UpdateSpecInput extends VersionedEditInput('specId', 'The spec document to change.') {
  @Field(() => String, { nullable: true, description: 'The new title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: `${URL_DESCRIPTION} Null or empty removes it.` })
  url?: string | null;
}

@InputType('DeleteSpecInput', { description: 'A spec document to delete.' })
export class DeleteSpecInput extends VersionedEditInput('specId', 'The spec document to delete.') {}
