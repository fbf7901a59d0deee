import { ID, InputType } from 'type-graphql';
import { NonNull } from '../../shared/schema-fields.js';
import { NamedRowInputs, VersionedEditInput } from '../change/change.inputs.js';

const { NewNamedRow, NamedRowChanges } = NamedRowInputs('categoryId', {
  row: 'category',
  name: 'The name shown in the catalogue.',
});

@InputType('CreateCategoryInput', { description: 'A new category of programs.' })
export class CreateCategoryInput extends NewNamedRow {}

@InputType('UpdateCategoryInput', { description: 'Omitted fields are kept.' })
export class UpdateCategoryInput extends NamedRowChanges {}

@InputType('DeleteCategoryInput', { description: 'A category to delete.' })
export class DeleteCategoryInput extends VersionedEditInput('categoryId', 'The category to delete.') {}

@InputType('ReorderCategoriesInput', { description: 'A new page order of the categories.' })
export class ReorderCategoriesInput {
  @NonNull(() => [ID], 'Every category, each once, in the new page order.') categoryIds!: string[];
}
