import { InputType } from 'type-graphql';
import { Nullable } from '../../shared/schema-fields.js';
import { NamedRowInputs, VersionedEditInput } from '../change/change.inputs.js';

const URL_DESCRIPTION = "The lab's page for the certification program, or its email: an absolute http(s) or mailto: address.";

const { NewNamedRow, NamedRowChanges } = NamedRowInputs('labId', { row: 'lab', name: "The lab's name." });

@InputType('CreateLabInput', { description: 'A new certification lab.' })
export class CreateLabInput extends NewNamedRow {
  @Nullable(() => String, URL_DESCRIPTION) url?: string | null;
}

@InputType('UpdateLabInput', { description: 'Omitted fields are kept.' })
export class UpdateLabInput extends NamedRowChanges {
  @Nullable(() => String, `${URL_DESCRIPTION} Null or empty removes it.`) url?: string | null;
}

@InputType('DeleteLabInput', { description: 'A lab to delete.' })
export class DeleteLabInput extends VersionedEditInput('labId', 'The lab to delete.') {}
