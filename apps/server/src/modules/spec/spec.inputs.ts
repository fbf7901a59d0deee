import { InputType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
import { VersionedEditInput } from '../change/change.inputs.js';

const URL_DESCRIPTION = 'Where the document is published: an absolute http(s) or mailto: address.';

@InputType('CreateSpecInput', { description: 'A new spec document.' })
export class CreateSpecInput {
  @NonNull(() => String, "The document's title.") title!: string;
  @Nullable(() => String, URL_DESCRIPTION) url?: string | null;
}

@InputType('UpdateSpecInput', { description: 'Omitted fields are kept.' })
export class UpdateSpecInput extends VersionedEditInput('specId', 'The spec document to change.') {
  @Nullable(() => String, 'The new title.') title?: string | null;
  @Nullable(() => String, `${URL_DESCRIPTION} Null or empty removes it.`) url?: string | null;
}

@InputType('DeleteSpecInput', { description: 'A spec document to delete.' })
export class DeleteSpecInput extends VersionedEditInput('specId', 'The spec document to delete.') {}
